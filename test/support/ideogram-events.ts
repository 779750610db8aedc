// Ideogram's side of a signed webhook, for tests: the stand-ins' signer (playground/event-signer.ts),
// and the body of a completed generation's event as the docs show it.
export { type EventSigner, eventSigner } from "../../playground/event-signer.ts";

/** A completed generation's event, as the docs show it. */
export const completedEvent = (generationId: string) =>
  JSON.stringify({
    generation_id: generationId,
    created: "2026-12-03T10:00:00Z",
    data: [
      {
        url: `https://ideogram.ai/api/images/ephemeral/${generationId}-0.png?exp=1`,
        prompt: "a fox",
        resolution: "1024x1024",
        seed: 7,
        is_image_safe: true,
      },
    ],
  });
