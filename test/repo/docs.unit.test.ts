// The docs are checked like code: the project-structure tree (docs/architecture.md) stays true, and
// every document the README links to exists.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** Paths listed in the project-structure tree (directories end with "/"). */
function structureTree(): string[] {
  const doc = readFileSync("docs/architecture.md", "utf8");
  const block = doc.split("## Project structure")[1]?.match(/```\n\.\n([\s\S]*?)```/)?.[1] ?? "";
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of block.split("\n")) {
    const match = line.match(/^((?:│ {3}| {4})*)[├└]── (\S+)/);
    if (!match) continue;
    const depth = (match[1] ?? "").length / 4;
    const name = match[2] ?? "";
    stack.length = depth;
    const path = [...stack, name].join("");
    paths.push(path);
    stack.push(name.endsWith("/") ? name : `${name}/`);
  }
  return paths;
}

describe("the project structure in docs/architecture.md", () => {
  const listed = structureTree();

  it("lists only paths that exist", () => {
    expect(listed.length).toBeGreaterThan(20);
    expect(listed.filter((path) => !existsSync(path))).toEqual([]);
  });

  it("lists every source, script, bench, playground and static file", () => {
    const tracked = execFileSync(
      "git",
      [
        "ls-files",
        "--cached",
        "--others",
        "--exclude-standard",
        "src",
        "scripts",
        "bench",
        "playground",
        "public",
      ],
      {
        encoding: "utf8",
      },
    )
      .split("\n")
      .filter(Boolean);
    // A directory listed without children (like test/support/) stands for everything in it.
    const leafDirectories = listed.filter(
      (path) => path.endsWith("/") && !listed.some((other) => other !== path && other.startsWith(path)),
    );
    const covered = (file: string) =>
      listed.includes(file) || leafDirectories.some((dir) => file.startsWith(dir));
    expect(tracked.filter((file) => !covered(file))).toEqual([]);
  });
});

describe("the README", () => {
  it("links only to documents that exist", () => {
    const readme = readFileSync("README.md", "utf8");
    const links = [...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1] ?? "");
    expect(links.length).toBeGreaterThanOrEqual(4);
    expect(links.filter((link) => !existsSync(link))).toEqual([]);
  });
});
