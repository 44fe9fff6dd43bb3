"use strict";
/** Small statistics for benchmark samples: medians, and ratios taken pair by pair. */

function median(xs) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** { runs, median, min, max, samples } of a list of numbers (null when empty). */
function summarize(samples, digits = 1) {
  if (samples.length === 0) return { runs: 0, median: null, min: null, max: null, samples: [] };
  const r = (x) => Number(x.toFixed(digits));
  return {
    runs: samples.length,
    median: r(median(samples)),
    min: r(Math.min(...samples)),
    max: r(Math.max(...samples)),
    samples: samples.map(r),
  };
}

/** Ratios a[i] / b[i] of interleaved runs, summarized: the median of the per-pair ratios. */
function pairRatios(a, b) {
  const n = Math.min(a.length, b.length);
  const ratios = [];
  for (let i = 0; i < n; i++) if (b[i] > 0) ratios.push(a[i] / b[i]);
  return summarize(ratios, 3);
}

module.exports = { median, summarize, pairRatios };
