"use strict";
/** Renders bench results (bench/results.json) as a plain-text table or as the Markdown of BENCHMARKS.md. */

function fmtValue(v, unit) {
  if (v === null || v === undefined) return "-";
  switch (unit) {
    case "ms":
      return v >= 10000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
    case "ops/s":
      return v >= 1e6 ? `${(v / 1e6).toFixed(2)} M/s` : `${(v / 1e3).toFixed(1)} k/s`;
    case "MiB":
      return `${v.toFixed(0)} MiB`;
    case "x":
      return `${v.toFixed(2)}x`;
    case "µs/type":
      return `${v.toFixed(0)} µs/type`;
    default:
      return `${v} ${unit}`;
  }
}

function rows(results) {
  return results.measurements.map((m) => ({
    section: m.section,
    label: m.label,
    runs: String(m.stats.runs),
    median: fmtValue(m.stats.median, m.unit),
    min: fmtValue(m.stats.min, m.unit),
    max: fmtValue(m.stats.max, m.unit),
    note: m.note ?? "",
  }));
}

function pad(s, n) {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function textTable(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => pad(c, widths[i])).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

function status(t) {
  if (t.met === true) return t.provisional ? "met (provisional: the generator does not emit everything yet)" : "met";
  return t.met === false ? "NOT met" : "not measured";
}

function renderText(results) {
  const out = [];
  out.push(machineLine(results));
  out.push("");
  out.push(
    textTable(
      ["#", "measurement", "runs", "median", "min", "max", "notes"],
      rows(results).map((r) => [r.section, r.label, r.runs, r.median, r.min, r.max, r.note]),
    ),
  );
  out.push("");
  out.push(textTable(["#", "target", "measured", "status"], results.targets.map((t) => [t.section, t.label, t.measured, status(t)])));
  if (results.skipped.length > 0) {
    out.push("", "Not measured:");
    for (const s of results.skipped) out.push(`  ${s.section}. ${s.what}: ${s.reason}`);
  }
  if (results.notes.length > 0) {
    out.push("", "Notes:");
    for (const n of results.notes) out.push(`  - ${n}`);
  }
  return out.join("\n");
}

function machineLine(results) {
  const m = results.machine;
  return (
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}; ${m.date}; ` +
    `${results.options.quick ? "--quick" : "full"} run; commit ${results.product.commit}${results.product.dirty ? " + uncommitted changes" : ""}` +
    (m.loadAverageAtStart ? `; 1-minute load average ${m.loadAverageAtStart[0]} at the start, ${m.loadAverageAtEnd?.[0] ?? "?"} at the end` : "")
  );
}

function md(s) {
  return String(s).replace(/\|/g, "\\|");
}

function mdTable(header, body) {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...body.map((r) => `| ${r.map(md).join(" | ")} |`)].join("\n");
}

function renderMarkdown(results) {
  const out = [];
  out.push(`Machine: ${machineLine(results)}.`);
  out.push("");
  out.push(`Emitted by the generator at the time of the run: ${results.product.emittedSummary}.`);
  out.push("");
  out.push("#### Targets");
  out.push("");
  out.push(mdTable(["#", "Target", "Measured", "Status"], results.targets.map((t) => [t.section, t.label, t.measured, status(t) === "NOT met" ? "**NOT met**" : status(t)])));
  out.push("");
  out.push("#### Figures");
  out.push("");
  out.push(mdTable(["#", "Measurement", "Runs", "Median", "Min", "Max", "Notes"], rows(results).map((r) => [r.section, r.label, r.runs, r.median, r.min, r.max, r.note])));
  if (results.skipped.length > 0) {
    out.push("", "#### Not measured", "");
    for (const s of results.skipped) out.push(`- ${s.section}. ${s.what}: ${s.reason}`);
  }
  if (results.notes.length > 0) {
    out.push("", "#### Notes from the run", "");
    for (const n of results.notes) out.push(`- ${n}`);
  }
  const cmds = results.commands ?? [];
  if (cmds.length > 0) {
    out.push("", "#### Commands timed", "", "`$TMP` is the run's scratch folder; `node` is the same node binary for every contender.", "");
    for (const c of cmds) out.push(`- ${c.section}. ${c.label}: \`${c.command}\``);
  }
  return out.join("\n");
}

module.exports = { renderText, renderMarkdown, fmtValue };
