// The playground page: a form with every /imagine option (from the same definitions Discord gets)
// and a channel that shows what Discord would. Plain HTML and script; no build step.
import { COMMANDS } from "../src/commands/definitions.ts";

const imagine = COMMANDS.find((c) => c.name === "imagine");

export function renderPage(realIdeogram: boolean): string {
  const source = realIdeogram
    ? "Images come from <b>the real Ideogram API</b>, billed to your IDEOGRAM_API_KEY."
    : "Images come from <b>a local Ideogram emulator</b>: labelled placeholders. Set IDEOGRAM_API_KEY to use Ideogram.";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>/imagine playground</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{margin:0;font:14px system-ui,sans-serif;background:#313338;color:#dbdee1;display:grid;grid-template-columns:340px 1fr;height:100vh}
aside{background:#2b2d31;padding:16px;overflow:auto}main{display:flex;flex-direction:column;overflow:hidden}
h1{font-size:18px;margin:0 0 4px}label{display:block;margin:10px 0 2px;color:#b5bac1;font-size:12px;text-transform:uppercase}
input,select,textarea{width:100%;box-sizing:border-box;background:#1e1f22;color:#dbdee1;border:0;border-radius:4px;padding:8px;font:inherit}
button{background:#4e5058;color:#fff;border:0;border-radius:4px;padding:6px 12px;font:inherit;cursor:pointer;margin:4px 4px 0 0}
button.primary,#send{background:#5865f2}#send{width:100%;margin-top:14px;padding:10px}
.note{color:#949ba4;font-size:12px}#source{padding:8px 16px;background:#2b2d31;border-bottom:1px solid #1e1f22}
#channel{flex:1;overflow:auto;padding:16px}.message{padding:8px 0;border-bottom:1px solid #3f4147}
.message[data-state=thinking] .body{color:#949ba4;font-style:italic}.message[data-state=ephemeral]{color:#b5bac1}
.embed{border-left:4px solid #5865f2;background:#2b2d31;border-radius:4px;padding:8px 12px;margin:6px 0;max-width:560px}
.embed .title{font-weight:600}.fields{display:flex;flex-wrap:wrap;gap:4px 16px}.field b{display:block;font-size:12px}
img.attachment{max-width:260px;max-height:260px;margin:4px 4px 0 0;border-radius:4px}
dialog{background:#313338;color:#dbdee1;border:0;border-radius:8px;width:420px}
</style></head><body>
<aside><h1>/imagine playground</h1>
<p class="note">Everything here goes through the bot's real <code>/interactions</code> endpoint, signed like Discord's requests.</p>
<form id="imagine"></form><button id="send" form="imagine" type="submit">/imagine</button></aside>
<main><div id="source">${source}</div><div id="channel"></div></main>
<dialog id="modal"><form method="dialog" id="modal-form"></form></dialog>
<script>
const OPTIONS = ${JSON.stringify(imagine?.options ?? [])};
${SCRIPT}
</script></body></html>`;
}

/** The page's behaviour; kept as a string so the page is one self-contained response. */
const SCRIPT = String.raw`
const form = document.getElementById("imagine");
const channel = document.getElementById("channel");
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
const md = (s) => esc(s).replace(/\*\*(.+?)\*\*/g, "<b>$1</b>").replace(/\x60([^\x60]+)\x60/g, "<code>$1</code>").replace(/\n/g, "<br>");

for (const o of OPTIONS) {
  const label = document.createElement("label");
  label.textContent = o.name + (o.required ? " *" : "");
  label.title = o.description;
  form.append(label);
  let field;
  if (o.choices) {
    field = document.createElement("select");
    field.innerHTML = '<option value="">—</option>' + o.choices.map((c) => '<option value="' + esc(c.value) + '">' + esc(c.name) + "</option>").join("");
  } else if (o.name === "prompt" || o.name === "negative_prompt") {
    field = document.createElement("textarea");
    field.rows = o.name === "prompt" ? 3 : 2;
  } else {
    field = document.createElement("input");
    field.type = o.type === 4 ? "number" : "text";
    if (o.min_value !== undefined) field.min = o.min_value;
    if (o.max_value !== undefined) field.max = o.max_value;
  }
  field.name = o.name;
  field.id = "option-" + o.name;
  field.placeholder = o.description;
  if (o.autocomplete) {
    const list = document.createElement("datalist");
    list.id = "choices-" + o.name;
    field.setAttribute("list", list.id);
    field.addEventListener("input", () => suggest(o, field, list));
    form.append(list);
  }
  form.append(field);
}

function filled() {
  return OPTIONS.flatMap((o) => {
    const value = form.elements[o.name].value.trim();
    if (value === "") return [];
    return [{ name: o.name, type: o.type, value: o.type === 4 ? Number(value) : value }];
  });
}

async function send(action) {
  const response = await fetch("/playground/interact", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(action) });
  const answer = await response.json();
  refresh();
  return answer.response ?? {};
}

async function suggest(option, field, list) {
  const options = filled().filter((o) => o.name !== option.name);
  options.push({ name: option.name, type: option.type, value: field.value, focused: true });
  const answer = await send({ kind: "autocomplete", name: "imagine", options });
  list.innerHTML = (answer.data?.choices ?? []).map((c) => '<option value="' + esc(c.value) + '">' + esc(c.name) + "</option>").join("");
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  send({ kind: "command", name: "imagine", options: filled() });
});

async function press(component) {
  const answer = await send({ kind: "component", custom_id: component.custom_id, component_type: component.type, ...(component.values ? { values: component.values } : {}) });
  if (answer.type === 9) openModal(answer.data);
}

function openModal(data) {
  const dialog = document.getElementById("modal");
  const modalForm = document.getElementById("modal-form");
  modalForm.innerHTML = "<h3>" + esc(data.title) + "</h3>" + data.components.map((c) => {
    const input = c.component;
    const tag = input.style === 2 ? "textarea" : "input";
    return "<label>" + esc(c.label) + "</label><" + tag + ' name="' + esc(input.custom_id) + '"' + (tag === "input" ? ' value="' + esc(input.value) + '">' : ">" + esc(input.value) + "</textarea>");
  }).join("") + '<button class="primary" value="submit" id="modal-submit">Submit</button><button value="cancel">Cancel</button>';
  dialog.onclose = () => {
    if (dialog.returnValue !== "submit") return;
    const values = Object.fromEntries([...modalForm.querySelectorAll("[name]")].map((el) => [el.name, el.value]));
    send({ kind: "modal", custom_id: data.custom_id, values });
  };
  dialog.showModal();
}

function renderEmbed(e) {
  const fields = (e.fields ?? []).map((f) => '<div class="field"><b>' + esc(f.name) + "</b>" + md(f.value) + "</div>").join("");
  return '<div class="embed">' + (e.title ? '<div class="title">' + esc(e.title) + "</div>" : "") + (e.description ? "<div>" + md(e.description) + "</div>" : "") +
    (fields ? '<div class="fields">' + fields + "</div>" : "") + (e.footer ? '<div class="note">' + esc(e.footer.text) + "</div>" : "") + "</div>";
}

function renderComponents(rows, holder) {
  for (const row of rows ?? []) {
    const line = document.createElement("div");
    for (const c of row.components ?? []) {
      if (c.type === 2) {
        const button = document.createElement("button");
        button.textContent = (c.emoji?.name ? c.emoji.name + " " : "") + c.label;
        button.dataset.customId = c.custom_id;
        if (c.style === 1) button.className = "primary";
        button.onclick = () => press(c);
        line.append(button);
      } else if (c.type === 3) {
        const select = document.createElement("select");
        select.dataset.customId = c.custom_id;
        select.innerHTML = '<option value="">' + esc(c.placeholder) + "</option>" + c.options.map((o) => '<option value="' + esc(o.value) + '">' + esc(o.label) + "</option>").join("");
        select.onchange = () => press({ ...c, values: [select.value] });
        line.append(select);
      }
    }
    holder.append(line);
  }
}

const shown = new Map();
async function refresh() {
  const state = await (await fetch("/playground/state")).json();
  for (const m of state.messages) {
    const key = m.state + ":" + m.updatedAt;
    if (shown.get(m.id) === key) continue;
    shown.set(m.id, key);
    let el = document.querySelector('[data-id="' + m.id + '"]');
    if (!el) {
      el = document.createElement("div");
      el.className = "message";
      el.dataset.id = m.id;
      channel.append(el);
    }
    el.dataset.state = m.state;
    const text = m.state === "thinking" ? "Imagine is thinking…" : m.state === "ephemeral" ? "(only you can see this) " + m.content : m.content;
    el.innerHTML = '<div class="body">' + md(text) + "</div>" + m.embeds.map(renderEmbed).join("") +
      m.attachments.map((a) => '<img class="attachment" alt="' + esc(a.filename) + '" src="' + esc(a.url) + '">').join("");
    renderComponents(m.components, el);
    channel.scrollTop = channel.scrollHeight;
  }
}
setInterval(refresh, 700);
refresh();
`;
