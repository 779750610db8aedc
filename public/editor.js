// The Vary (Region) editor: paint over a region, choose what to do with it (redraw it, remove it, change
// it with words: the modes and their prices come from the Worker), say what, send. The link's token
// is in the URL's fragment (never sent to a server) and goes to the Worker's /editor API only as a
// bearer token. The mask sent is a PNG at the image's exact size, black where painted and white
// elsewhere, whatever the mode: the Worker writes it in the colours each mode's endpoint reads.

const $ = (id) => document.getElementById(id);
const token = location.hash.slice(1);
const auth = { Authorization: `Bearer ${token}` };
const image = $("image");
const paint = $("paint");
const context = paint.getContext("2d");

/** Every stroke so far, in the image's own pixels: what the overlay shows and the mask is drawn from. */
let strokes = [];
let current = null;
let mode = "brush";
/** The modes the Worker offers, and what was typed for each (a redraw's prompt is not an instruction). */
let modes = [];
const typed = {};
let shownMode;

function say(text, kind = "") {
  $("status").textContent = text;
  $("status").className = kind;
}

async function answer(response) {
  const body = await response.json().catch(() => ({}));
  return { ok: response.ok, body };
}

async function start() {
  if (!/^[\w.-]+$/.test(token)) return say("This page needs the link the bot sent you in Discord.", "error");
  const session = await answer(await fetch("/editor/session", { method: "POST", headers: auth }));
  if (!session.ok) return say(session.body.error ?? "This link does not work.", "error");
  const picture = await fetch("/editor/image", { headers: auth });
  if (!picture.ok)
    return say((await answer(picture)).body.error ?? "The image could not be loaded.", "error");
  image.src = URL.createObjectURL(await picture.blob());
  await image.decode();
  paint.width = session.body.width;
  paint.height = session.body.height;
  modes = session.body.modes ?? [];
  typed.redraw = session.body.prompt ?? "";
  showModes();
  const until = new Date(session.body.expires_at).toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
  });
  say(`Image ${session.body.image}: paint what should change. This link works until ${until}.`);
  $("editor").hidden = false;
}

/** Where a pointer is, in the image's pixels. */
function at(event) {
  const box = paint.getBoundingClientRect();
  return [
    ((event.clientX - box.left) * paint.width) / box.width,
    ((event.clientY - box.top) * paint.height) / box.height,
  ];
}

/** The brush's size in the image's pixels (the slider is in screen pixels). */
const brushSize = () => (Number($("size").value) * paint.width) / paint.getBoundingClientRect().width;

function drawStroke(target, stroke, colour) {
  target.lineCap = "round";
  target.lineJoin = "round";
  target.lineWidth = stroke.size;
  target.strokeStyle = colour;
  target.fillStyle = colour;
  const [first, ...rest] = stroke.points;
  target.beginPath();
  if (rest.length === 0) {
    target.arc(first[0], first[1], stroke.size / 2, 0, 2 * Math.PI);
    target.fill();
    return;
  }
  target.moveTo(first[0], first[1]);
  for (const [x, y] of rest) target.lineTo(x, y);
  target.stroke();
}

function redraw() {
  context.clearRect(0, 0, paint.width, paint.height);
  for (const stroke of strokes) {
    context.globalCompositeOperation = stroke.mode === "eraser" ? "destination-out" : "source-over";
    drawStroke(context, stroke, "#ff3040");
  }
  context.globalCompositeOperation = "source-over";
  const painted = strokes.some((s) => s.mode === "brush");
  $("undo").disabled = strokes.length === 0;
  $("clear").disabled = strokes.length === 0;
  $("send").disabled = !painted;
}

/** The chosen mode's id. */
const chosen = () => document.querySelector('input[name="mode"]:checked')?.value;

function showModes() {
  const box = $("modes");
  for (const [i, m] of modes.entries()) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "mode";
    input.value = m.id;
    input.checked = i === 0;
    input.addEventListener("change", () => pick(m.id));
    const price = document.createElement("span");
    price.className = "price";
    price.textContent = m.price;
    label.append(input, `${m.label} `, price);
    box.append(label);
  }
  if (modes[0]) pick(modes[0].id, true);
}

/** Shows what the chosen mode asks: its prompt (none for Remove) and its qualities with their prices. */
function pick(id, first = false) {
  if (!first) typed[shownMode] = $("prompt").value;
  shownMode = id;
  const m = modes.find((x) => x.id === id);
  $("asking").hidden = !m?.ask;
  $("ask").textContent = m?.ask ?? "";
  $("prompt").value = typed[id] ?? "";
  $("quality-box").hidden = !m?.qualities;
  $("quality").replaceChildren(
    ...(m?.qualities ?? []).map((q) => new Option(`${q.label} · ${q.price}`, q.value)),
  );
}

paint.addEventListener("pointerdown", (event) => {
  event.preventDefault();
  paint.setPointerCapture(event.pointerId);
  current = { mode, size: brushSize(), points: [at(event)] };
  strokes.push(current);
  redraw();
});
paint.addEventListener("pointermove", (event) => {
  if (!current) return;
  current.points.push(at(event));
  redraw();
});
for (const end of ["pointerup", "pointercancel"]) paint.addEventListener(end, () => (current = null));

function choose(tool) {
  mode = tool;
  $("brush").setAttribute("aria-pressed", String(tool === "brush"));
  $("eraser").setAttribute("aria-pressed", String(tool === "eraser"));
}
$("brush").onclick = () => choose("brush");
$("eraser").onclick = () => choose("eraser");
$("undo").onclick = () => {
  strokes.pop();
  redraw();
};
$("clear").onclick = () => {
  strokes = [];
  redraw();
};

/** The mask at the image's size: white, with every stroke in black (the eraser's in white again). */
function mask() {
  const canvas = document.createElement("canvas");
  canvas.width = paint.width;
  canvas.height = paint.height;
  const target = canvas.getContext("2d");
  target.fillStyle = "#ffffff";
  target.fillRect(0, 0, canvas.width, canvas.height);
  for (const stroke of strokes) drawStroke(target, stroke, stroke.mode === "eraser" ? "#ffffff" : "#000000");
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

$("send").onclick = async () => {
  const m = modes.find((x) => x.id === chosen());
  if (!m) return say("Choose what to do with the painted region.", "error");
  const prompt = $("prompt").value.trim();
  if (m.ask && !prompt) return say(`${m.ask}? Say it in the box.`, "error");
  $("send").disabled = true;
  say("Sending…");
  const form = new FormData();
  form.append("mode", m.id);
  if (m.ask) form.append("prompt", prompt);
  if (m.qualities) form.append("quality", $("quality").value);
  form.append("mask", await mask(), "mask.png");
  const sent = await answer(await fetch("/editor/submit", { method: "POST", headers: auth, body: form }));
  if (sent.ok) {
    $("editor").hidden = true;
    return say(sent.body.message ?? "Sent.", "done");
  }
  say(sent.body.error ?? "That did not work. Please try again.", "error");
  if (sent.body.status === "used" || sent.body.status === "expired") $("editor").hidden = true;
  else $("send").disabled = false;
};

start().catch(() => say("The editor could not start. Please try the link again.", "error"));
