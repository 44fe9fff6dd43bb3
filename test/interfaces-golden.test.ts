/**
 * Golden output of a fixture made for interfaces (every shape an argument,
 * result or var can take, two interfaces, refs into two type files). The
 * repository's defs/interfaces/ocpp.yaml is covered by the defs/ golden case
 * of ts-golden.test.ts. `UPDATE_GOLDEN=1 npx jest test/interfaces-golden` rewrites it.
 */
import * as path from "node:path";
import { ROOT, expectGolden } from "./helpers/golden";

test("interfaces-shapes", async () => {
  const result = await expectGolden(path.join(ROOT, "test", "fixtures", "interfaces-shapes"));
  expect(result.model!.interfaces.map((i) => i.name)).toEqual(["evse-manager", "shapes"]);
});
