// The README's project-structure tree is documentation that must stay true.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** Paths listed in the README's tree (directories end with "/"). */
function readmeTree(): string[] {
  const readme = readFileSync("README.md", "utf8");
  const block = readme.split("## Project structure")[1]?.match(/```\n\.\n([\s\S]*?)```/)?.[1] ?? "";
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

describe("README project structure", () => {
  const listed = readmeTree();

  it("lists only paths that exist", () => {
    expect(listed.length).toBeGreaterThan(20);
    expect(listed.filter((path) => !existsSync(path))).toEqual([]);
  });

  it("lists every source, script and bench file", () => {
    const tracked = execFileSync(
      "git",
      ["ls-files", "--cached", "--others", "--exclude-standard", "src", "scripts", "bench"],
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
