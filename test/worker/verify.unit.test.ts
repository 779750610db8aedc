import { describe, expect, it } from "vitest";
import { isValidDiscordRequest } from "../../src/discord/signature.ts";
import { createSigner } from "../support/signing.ts";

describe("isValidDiscordRequest", () => {
  it("accepts a signature over timestamp + body by the configured key", async () => {
    const signer = await createSigner();
    const body = '{"type":1}';
    const signature = await signer.sign(body, "1700000000");
    expect(
      await isValidDiscordRequest(body, signature, "1700000000", signer.publicKeyHex, 1_700_000_000_000),
    ).toBe(true);
  });

  it.each([
    ["5 minutes old", -300, true],
    ["5 minutes and 1 second old", -301, false],
    ["5 minutes ahead", 300, true],
    ["6 minutes ahead", 360, false],
  ])("treats a timestamp %s as %s", async (_case, offsetSeconds, valid) => {
    const signer = await createSigner();
    const timestamp = String(1_700_000_000 + offsetSeconds);
    const signature = await signer.sign("{}", timestamp);
    expect(
      await isValidDiscordRequest("{}", signature, timestamp, signer.publicKeyHex, 1_700_000_000_000),
    ).toBe(valid);
  });

  it.each([
    ["missing signature", undefined, "1700000000"],
    ["missing timestamp", "sig", undefined],
    ["garbage signature", "not-hex-at-all", "1700000000"],
    ["short hex signature", "abcd", "1700000000"],
  ])("rejects a %s without throwing", async (_case, signature, timestamp) => {
    const signer = await createSigner();
    const sig = signature === "sig" ? await signer.sign("{}", "1") : signature;
    expect(await isValidDiscordRequest("{}", sig, timestamp, signer.publicKeyHex, 1_700_000_000_000)).toBe(
      false,
    );
  });
});
