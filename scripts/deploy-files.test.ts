/** The image, the compose file and the README must start Flux with the same commands package.json defines. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
const dockerfile = readFileSync("Dockerfile", "utf8");
const compose = readFileSync("docker-compose.yml", "utf8");
const readme = readFileSync("README.md", "utf8");
const ci = readFileSync(".ci/run", "utf8");

describe("deployment files agree with package.json and the README", () => {
  it("has the scripts the image and the README use", () => {
    for (const script of [
      "start",
      "test",
      "start:web",
      "workers",
      "db:migrate",
      "db:seed",
      "bench",
      "build",
      "typecheck",
      "lint",
      "test:unit",
      "test:int",
      "test:e2e",
    ]) {
      expect(pkg.scripts[script], script).toBeTruthy();
    }
  });

  it("runs web by default and workers by command, in the image and in compose", () => {
    expect(dockerfile).toMatch(/CMD \["npm", "run", "start:web"\]/);
    expect(compose).toMatch(/command: \["npm", "run", "start:web"\]/);
    expect(compose).toMatch(/command: \["npm", "run", "workers"\]/);
    expect(compose).toMatch(/command: \["npm", "run", "db:migrate"\]/);
    expect(readme).toContain("docker run flux npm run workers");
    expect(readme).toContain("npm run start:web");
  });

  it("documents the two commands, and CI runs the same test command", () => {
    expect(readme).toMatch(/npm start\s+# start everything/);
    expect(readme).toMatch(/npm test\s+# run every test/);
    expect(ci).toMatch(/^npm test$/m);
  });

  it("keeps Redis for queues from evicting", () => {
    expect(compose).toContain("noeviction");
  });
});
