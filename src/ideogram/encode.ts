// A request as each API spells it (models.ts `Encoding`): legacy's `image_request` (JSON, or a JSON
// part beside `image_file`), and v2's flat lowercase JSON or form.
// Sources: ideogram-api.md; ideogram-current-api.md §1.1 (multipart: color_palette a JSON part, arrays
// as repeated parts), §1.3 (`16x9`, `WxH`), §4.1–§4.2 (v2: lowercase enums; multipart when sending files).
// Layer 1 (ideogram/): imports only layer 0, never discord/.
import { ASPECT_RATIOS, type AspectRatio } from "./enums.ts";
import { apiSpelling, type Field, type OperationFacts, speedName, speedOf } from "./models.ts";
import { sizeOfRatio, toWxH } from "./resolution.ts";
import type { ImageRequest } from "./schema.ts";

/** An image sent to Ideogram as a file part (JPEG, PNG or WebP). */
export interface ImageFile {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
  name: string;
}

/** What one call sends: the fields (by the bot's names, checked against the table) and the files. */
export interface OperationInput {
  fields: Omit<Partial<ImageRequest>, "resolution"> & {
    /** RESOLUTION_W_H, or already "WxH" (Reframe's target). */
    resolution?: string | undefined;
    image_weight?: number;
    resemblance?: number;
    detail?: number;
  };
  image?: ImageFile | undefined;
  mask?: ImageFile | undefined;
  styleReferences?: readonly ImageFile[] | undefined;
  characterReference?: ImageFile | undefined;
}

/** The v2 name of each field whose legacy name differs. */
const RENAMED: Record<string, string> = { magic_prompt_option: "magic_prompt" };
/** Fields whose values are enums: UPPERCASE on legacy, lowercase on v2. */
const ENUMS = new Set(["rendering_speed", "magic_prompt_option", "style_type", "style_preset"]);

/**
 * The body of one call to `op`, and the JSON Content-Type when it is not a form. `extra`: v2's own
 * fields (`async`, `webhook_url`), sent as they are.
 */
export function encodeBody(
  op: OperationFacts,
  input: OperationInput,
  extra: Record<string, string | boolean> = {},
): { body: BodyInit; json: boolean } {
  const fields = op.prompt === false ? withoutPrompt(input.fields) : input.fields;
  switch (op.encoding) {
    case "legacy-json":
      return { body: JSON.stringify({ image_request: fields }), json: true };
    case "legacy-multipart": {
      const form = new FormData();
      if (Object.keys(fields).length > 0) form.append("image_request", JSON.stringify(fields));
      if (input.image) form.append(op.imagePart ?? "image_file", asFile(input.image));
      return { body: form, json: false };
    }
    case "v2-multipart":
      return { body: flatForm(op, fields, input, extra), json: false };
    case "v2-json":
      return { body: JSON.stringify({ ...flatFields(op, fields), ...extra }), json: true };
  }
}

function withoutPrompt(fields: OperationInput["fields"]): OperationInput["fields"] {
  const { prompt: _prompt, ...rest } = fields;
  return rest;
}

/** v2 fields: no `model` (the path is the model), each name and value as v2 spells it. */
function flatFields(op: OperationFacts, fields: OperationInput["fields"]): Record<string, unknown> {
  // The model and a transparent background are the path, not fields.
  const { model, aspect_ratio, resolution, transparent: _transparent, ...rest } = fields;
  const flat: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rest)) {
    // A field the row says the endpoint refuses is never sent (4.5's remix has no image weight).
    if (value === undefined || op.refuses?.includes(name as Field)) continue;
    flat[RENAMED[name] ?? name] = ENUMS.has(name) ? String(value).toLowerCase() : value;
  }
  // A preset palette's name is an enum too (`{name: ember…ultramarine}`, §4.2).
  const { color_palette } = rest;
  if (color_palette && "name" in color_palette && color_palette.name) {
    flat.color_palette = { ...color_palette, name: color_palette.name.toLowerCase() };
  }
  // 4.0 and 4.5 have no aspect_ratio: the ratio's smallest size stands for it. 3.0 spells ratios "16x9".
  const size: string | undefined =
    aspect_ratio && op.aspectAsSize ? sizeOfRatio(aspect_ratio, model)?.value : resolution;
  if (size) flat[op.v45Names ? "size" : "resolution"] = toWxH(size);
  else if (aspect_ratio) flat.aspect_ratio = ratioOf(aspect_ratio);
  if (op.v45Names) {
    // 4.5's quality, always sent: its own default differs with and without a source image.
    delete flat.rendering_speed;
    // A tool's row names the model it runs on (precise edit: 4.5).
    const runsOn = op.model ?? model;
    flat.quality = apiSpelling(speedName(runsOn, speedOf(runsOn, fields.rendering_speed)));
  }
  return flat;
}

const ratioOf = (aspect: AspectRatio) => ASPECT_RATIOS[aspect].replace(":", "x");

function flatForm(
  op: OperationFacts,
  fields: OperationInput["fields"],
  input: OperationInput,
  extra: Record<string, string | boolean>,
): FormData {
  const form = new FormData();
  if (input.image) form.append(op.imagePart ?? "image", asFile(input.image));
  for (const [name, value] of Object.entries({ ...flatFields(op, fields), ...extra })) {
    if (Array.isArray(value)) for (const item of value) form.append(name, String(item));
    else if (typeof value === "object" && value !== null) {
      // An object field is a JSON part (encoding.color_palette.contentType: application/json).
      form.append(name, new Blob([JSON.stringify(value)], { type: "application/json" }));
    } else form.append(name, String(value));
  }
  if (input.mask) form.append("mask", asFile(input.mask));
  // 4.5's references follow the edited image among its `images`.
  const references = op.v45Names ? "images" : "style_reference_images";
  for (const file of input.styleReferences ?? []) form.append(references, asFile(file));
  if (input.characterReference) form.append("character_reference_images", asFile(input.characterReference));
  return form;
}

const asFile = (image: ImageFile) => new File([image.bytes], image.name, { type: image.contentType });
