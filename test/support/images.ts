// Recognisable fake image bytes (the emulators' own, playground/marked-png.ts), and a response of them.
import { markedPng } from "../../playground/marked-png.ts";

export const fakePng = markedPng;

export const pngResponse = (bytes: Uint8Array<ArrayBuffer>) =>
  new Response(bytes, {
    headers: { "Content-Type": "image/png", "Content-Length": String(bytes.byteLength) },
  });
