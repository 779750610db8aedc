// Ideogram's tools for one image (ideogram-current-api.md §2), in one table: where each is sent, what
// it costs per image it returns (§6.1), and how people know it. Each is a multipart form of the image
// and the fields its job carries (`prompt`, `resolution`, `mask`), so a correction is one line here.

export interface ToolFacts {
  path: string;
  /** Micro-dollars per image returned: 3.0's tools at its Default speed ($0.06), remove-background $0.01. */
  price: number;
  /** Whether the endpoint takes a prompt (else the job's prompt is only its title). */
  prompt: boolean;
  /** In messages: "🔲 **Reframing** image 2" while it runs, "Reframe of image 2" under the result. */
  doing: string;
  name: string;
}

export const TOOLS = {
  reframe: {
    path: "/v1/ideogram-v3/reframe",
    price: 60_000,
    prompt: false,
    doing: "🔲 **Reframing**",
    name: "Reframe of",
  },
  remove_background: {
    path: "/v1/remove-background",
    price: 10_000,
    prompt: false,
    doing: "✂️ **Removing the background** of",
    name: "Background removed from",
  },
  replace_background: {
    path: "/v1/ideogram-v3/replace-background",
    price: 60_000,
    prompt: true,
    doing: "🖼️ **Replacing the background** of",
    name: "New background for",
  },
} as const satisfies Record<string, ToolFacts>;
export type ToolName = keyof typeof TOOLS;

/**
 * The shapes Reframe offers, each as 3.0's resolution of that ratio (ResolutionV3; 3.0 has no
 * 1280x720, so 16:9 is 1312x736, as Ideogram's own 16:9 images are).
 */
export const REFRAME_SHAPES = {
  "1:1": "1024x1024",
  "16:9": "1312x736",
  "9:16": "736x1312",
  "4:3": "1152x864",
  "3:4": "864x1152",
  "3:2": "1248x832",
  "2:3": "832x1248",
} as const;
export type ReframeShape = keyof typeof REFRAME_SHAPES;

/** The shapes an image of this size ("1024x1024") is not already (within 3 %). */
export function reframeShapesFor(resolution: string): ReframeShape[] {
  const [width = 0, height = 0] = resolution.split("x").map(Number);
  return (Object.keys(REFRAME_SHAPES) as ReframeShape[]).filter((shape) => {
    const [w = 1, h = 1] = shape.split(":").map(Number);
    return !(width > 0 && height > 0 && Math.abs((width * h) / (height * w) - 1) <= 0.03);
  });
}
