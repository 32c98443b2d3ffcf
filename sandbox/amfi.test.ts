import { describe, expect, it } from "vitest";
import { createAmfiHost, yesterdayOf } from "./amfi";

describe("sandbox AMFI host", () => {
  it("re-dates the newest rows by one day for the 'yesterday' mode, across month ends", () => {
    expect(yesterdayOf("1;-;-;A;10.5;18-Aug-2026\r\n2;-;-;B;11;17-Aug-2026\r\n")).toBe(
      "1;-;-;A;10.5;17-Aug-2026\r\n2;-;-;B;11;17-Aug-2026\r\n",
    );
    expect(yesterdayOf("1;-;-;A;10.5;01-Mar-2026\r\n", "01-Mar-2026")).toBe("1;-;-;A;10.5;28-Feb-2026\r\n");
  });

  it("switches fault modes at runtime and serves custom files", async () => {
    const app = createAmfiHost();
    const set = (mode: string) =>
      app.request("/amfi/_mode", {
        method: "POST",
        body: JSON.stringify({ mode }),
        headers: { "content-type": "application/json" },
      });
    expect((await set("nonsense")).status).toBe(400);
    await set("html");
    expect(await (await app.request("/amfi/NAVAll.txt")).text()).toMatch(/<html>/);
    await set("empty");
    expect(await (await app.request("/amfi/NAVAll.txt")).text()).toBe("");
    await set("error");
    expect((await app.request("/amfi/NAVAll.txt")).status).toBe(503);
    await app.request("/amfi/_file", {
      method: "PUT",
      body: "Scheme Code;Scheme Name;Net Asset Value;Date\n",
    });
    expect(await (await app.request("/amfi/NAVAll.txt")).text()).toBe(
      "Scheme Code;Scheme Name;Net Asset Value;Date\n",
    );
    expect(await (await app.request("/amfi/_mode")).json()).toMatchObject({ mode: "custom" });
  });
});
