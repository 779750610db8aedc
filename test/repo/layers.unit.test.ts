// The layers of src/ (docs/architecture.md, "Layers") are what `npm run lint` enforces: biome.json's
// per-folder import bans are exactly those the table implies, and every folder and file at the top
// of src/ has a layer.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Each unit of the table ("queue/", "config.ts") with its layer. */
function layerTable(): Map<string, number> {
  const doc = readFileSync("docs/architecture.md", "utf8");
  const section = doc.split("## Layers")[1]?.split("\n## ")[0] ?? "";
  const units = new Map<string, number>();
  for (const line of section.split("\n")) {
    const row = /^\| (\d+) \| ([^|]+) \|/.exec(line);
    if (!row) continue;
    for (const unit of row[2]?.matchAll(/`([^`]+)`/g) ?? []) units.set(unit[1] ?? "", Number(row[1]));
  }
  return units;
}

/** The import bans biome.json sets for each unit, as `{ "src/queue/**": ["../pipeline/**", …] }`. */
function biomeBans(): Record<string, string[]> {
  type Override = {
    includes: string[];
    linter?: {
      rules?: { style?: { noRestrictedImports?: { options: { patterns: { group: string[] }[] } } } };
    };
  };
  const config = JSON.parse(readFileSync("biome.json", "utf8")) as { overrides: Override[] };
  const bans: Record<string, string[]> = {};
  for (const override of config.overrides) {
    const rule = override.linter?.rules?.style?.noRestrictedImports;
    if (!rule) continue;
    for (const include of override.includes) {
      bans[include] = rule.options.patterns.flatMap((p) => p.group).sort();
    }
  }
  return bans;
}

/** Whom a unit may not import: every other unit at its layer or above (and, for routes/, scheduler/). */
function expectedBans(units: Map<string, number>): Record<string, string[]> {
  const extra: Record<string, string[]> = { "routes/": ["scheduler/"] };
  const expected: Record<string, string[]> = {};
  for (const [unit, layer] of units) {
    const banned = [...units].filter(([other, l]) => other !== unit && l >= layer).map(([other]) => other);
    banned.push(...(extra[unit] ?? []));
    if (banned.length === 0) continue;
    const from = unit.endsWith("/") ? "../" : "./";
    expected[unit.endsWith("/") ? `src/${unit}**` : `src/${unit}`] = banned
      .map((other) => from + (other.endsWith("/") ? `${other}**` : other))
      .sort();
  }
  return expected;
}

describe("the layers of src/", () => {
  const units = layerTable();

  it("give every folder and top-level file of src/ a layer", () => {
    const entries = readdirSync("src", { withFileTypes: true }).map((e) =>
      e.isDirectory() ? `${e.name}/` : e.name,
    );
    expect([...units.keys()].sort()).toEqual(entries.sort());
  });

  it("are what biome.json enforces", () => {
    expect(biomeBans()).toEqual(expectedBans(units));
  });

  it("are stated in each file's first comment", () => {
    const files = readdirSync("src", { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    for (const file of files) {
      const unit = file.includes("/") ? `${file.split("/")[0]}/` : file;
      const comment = readFileSync(join("src", file), "utf8").match(/^(?:\/\/.*\n)+/)?.[0] ?? "";
      expect(comment, file).toContain(`// Layer ${units.get(unit)} (${unit}):`);
    }
  });

  it("refuse import cycles, type-only imports included", () => {
    const config = JSON.parse(readFileSync("biome.json", "utf8"));
    expect(config.linter.rules.suspicious.noImportCycles).toEqual({
      level: "error",
      options: { ignoreTypes: false },
    });
  });
});
