// The Vary (Region) editor: paint over what should change, say what goes there, send. The link's token
// is in the URL's fragment (never sent to a server) and goes to the Worker's /editor API only as a
// bearer token. The mask sent is a PNG at the image's exact size: black where painted, white elsewhere
// (Ideogram's inpaint: "Black regions in the mask should match up with the regions … to edit").

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
  $("prompt").value = session.body.prompt ?? "";
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
  const prompt = $("prompt").value.trim();
  if (!prompt) return say("Say what goes in the painted region.", "error");
  $("send").disabled = true;
  say("Sending…");
  const form = new FormData();
  form.append("prompt", prompt);
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
