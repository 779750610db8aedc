// The playground page: every command (from the same definitions Discord gets) and a channel that
// renders what Discord would — author lines, markdown, timestamps, embeds, buttons, menus, forms and
// private replies. Plain HTML, CSS and script; no build step. Its behaviour is in page-script.ts.
import { COMMANDS } from "../src/commands/definitions.ts";
import { DEFAULT_LATENCY_MS } from "./ideogram-emulator.ts";
import { renderMarkdown } from "./markdown.ts";
import { PAGE_SCRIPT } from "./page-script.ts";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.375 "gg sans","Noto Sans",system-ui,sans-serif;background:#313338;color:#dbdee1;display:grid;grid-template-columns:minmax(280px,340px) 1fr;height:100vh}
aside{background:#2b2d31;padding:16px;overflow:auto}
main{display:flex;flex-direction:column;min-width:0;overflow:hidden}
h1{font-size:18px;margin:0 0 4px}h2{font-size:12px;text-transform:uppercase;color:#b5bac1;margin:18px 0 6px}
label{display:block;margin:10px 0 2px;color:#b5bac1;font-size:12px;font-weight:600;text-transform:uppercase}
label.check{text-transform:none;font-weight:400;font-size:14px;display:flex;gap:8px;align-items:center}
input,select,textarea{width:100%;background:#1e1f22;color:#dbdee1;border:0;border-radius:4px;padding:8px;font:inherit}
input[type=checkbox]{width:auto}
button{background:#4e5058;color:#fff;border:0;border-radius:4px;padding:6px 14px;font:inherit;font-size:14px;cursor:pointer;margin:4px 4px 0 0;min-height:32px}
button:hover{filter:brightness(1.1)}button.primary,#send{background:#5865f2}button.danger{background:#da373c}button.success{background:#248046}
#send{width:100%;margin-top:14px;padding:10px}
.note{color:#949ba4;font-size:12px}
#source{padding:8px 16px;background:#2b2d31;border-bottom:1px solid #1e1f22;font-size:13px}
#source.billed{background:#5c2b2e;color:#fff;font-size:15px;border-bottom:2px solid #da373c}
#channel-name{padding:10px 16px;font-weight:600;border-bottom:1px solid #1e1f22}#channel-name::before{content:"# ";color:#80848e}
#channel{flex:1;overflow:auto;padding:8px 0 24px}
.message{padding:4px 16px 6px 72px;position:relative;margin-top:12px}
.message:hover{background:#2e3035}
.message[data-state=ephemeral]{background:rgba(88,101,242,.08)}
.reply{font-size:13px;color:#949ba4;margin-left:-40px;padding-left:40px;position:relative}
.reply::before{content:"";position:absolute;left:-16px;top:9px;width:38px;height:10px;border-left:2px solid #4e5058;border-top:2px solid #4e5058;border-top-left-radius:6px}
.reply .command{color:#c9cdfb}
.avatar{position:absolute;left:16px;width:40px;height:40px;border-radius:50%;background:#5865f2;display:grid;place-items:center;font-size:20px}
.author{display:flex;align-items:center;gap:6px;flex-wrap:wrap}.author .name{font-weight:600;color:#f2f3f5}
.app-tag{background:#5865f2;color:#fff;font-size:10px;font-weight:700;padding:1px 4px;border-radius:3px}
.author time{color:#949ba4;font-size:12px}
.thinking{color:#949ba4;font-style:italic}
.body{overflow-wrap:anywhere}
blockquote{margin:2px 0;padding:0 0 0 12px;border-left:4px solid #4e5058}
code{background:#2b2d31;border-radius:3px;padding:0 3px;font-size:85%}pre code{display:block;padding:8px;white-space:pre-wrap}
.timestamp{background:rgba(78,80,88,.5);border-radius:3px;padding:0 2px}
.spoiler{background:#1e1f22;color:transparent;border-radius:3px}.spoiler:hover{color:inherit}
.mention{background:rgba(88,101,242,.3);color:#c9cdfb;border-radius:3px;padding:0 2px}
.subtext{color:#949ba4;font-size:12px;display:block}.md-heading{margin:6px 0 2px}
a{color:#00a8fc}
.embed{border-left:4px solid #5865f2;background:#2b2d31;border-radius:4px;padding:8px 12px 10px;margin:6px 0;max-width:520px}
.embed .title{font-weight:600;color:#f2f3f5}.fields{display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:6px}
.field{min-width:120px}.field b{display:block;font-size:13px;color:#f2f3f5}.field.wide{flex-basis:100%}
.embed-footer{color:#949ba4;font-size:12px;margin-top:6px}
.images{display:grid;grid-template-columns:repeat(2,minmax(0,256px));gap:4px;margin-top:4px}
.images.single{grid-template-columns:minmax(0,420px)}
img.attachment{display:block;width:100%;height:auto;max-height:420px;object-fit:contain;border-radius:8px;cursor:zoom-in}
img.attachment.transparent{width:auto;max-width:100%;background:repeating-conic-gradient(#4e5058 0 25%,#2b2d31 0 50%) 0 0/16px 16px}
.components>div{display:flex;flex-wrap:wrap}
a.link-button{display:inline-flex;align-items:center;background:#4e5058;color:#fff;border-radius:4px;padding:6px 14px;margin:4px 4px 0 0;min-height:32px;text-decoration:none;font-size:14px}
.components select{width:auto;max-width:min(100%,400px);margin-top:4px}
.ephemeral-note{font-size:12px;color:#949ba4;margin-top:4px}.ephemeral-note a{cursor:pointer}
.tools{position:absolute;right:16px;top:-10px;display:none;background:#313338;border:1px solid #1e1f22;border-radius:6px}
.message:hover .tools{display:flex}.tools button{margin:0;background:none;padding:4px 8px}
#usage{font-size:14px;background:#1e1f22;border-radius:6px;padding:8px 10px;min-height:40px}
dialog{background:#313338;color:#dbdee1;border:0;border-radius:8px;width:min(440px,94vw)}
dialog::backdrop{background:rgba(0,0,0,.7)}
@media (hover:none){.message .tools{display:flex;position:static;margin:2px 0 4px;border:0;background:none}}
@media (max-width:720px){
  body{display:block;height:auto}
  aside{max-height:none}
  main{height:auto;overflow:visible}#channel{overflow:visible;flex:none}
  .message .tools{display:flex;position:static;margin:2px 0 4px;border:0;background:none}
  .message{padding-left:60px}.avatar{left:10px;width:36px;height:36px}
}
`;

export function renderPage(realIdeogram: boolean): string {
  const source = realIdeogram
    ? '<div id="source" class="billed" role="alert">⚠️ <b>This playground uses your real Ideogram API key.</b> Every image it makes is made by Ideogram and billed to your account (IDEOGRAM_API_KEY, from your environment or .dev.vars). Unset it for the free local emulator.</div>'
    : '<div id="source">Images come from <b>a local Ideogram emulator</b>: labelled placeholders, nothing billed. Set IDEOGRAM_API_KEY to use Ideogram (billed).</div>';
  const speeds = realIdeogram
    ? ""
    : `<label for="latency">Ideogram speed</label>
<select id="latency">
<option value="${DEFAULT_LATENCY_MS}">Fast (${DEFAULT_LATENCY_MS / 1000} s a request)</option>
<option value="8000">Slow (8 s): watch the queue, positions and Cancel</option>
<option value="25000">Very slow (25 s)</option>
</select>
<label for="webhooks">Ideogram's webhooks</label>
<select id="webhooks">
<option value="deliver">Delivered: each job ends when Ideogram posts it</option>
<option value="drop">Dropped: the bot reads each generation itself</option>
<option value="duplicate">Sent twice: still one message a job</option>
</select>`;
  const tokens = `<label for="tokens">Interaction tokens</label>
<select id="tokens">
<option value="live">Live: Discord's 15 minutes</option>
<option value="expired">Expired now: results arrive as the bot's own channel messages</option>
</select>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>/imagine playground</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>${STYLE}</style></head><body>
<aside>
<h1>/imagine playground</h1>
<p class="note">Everything here goes through the bot's real <code>/interactions</code> endpoint, signed like Discord's requests.</p>
<label for="command">Command</label><select id="command"></select>
<div id="subcommand-field" hidden><label for="subcommand">Subcommand</label><select id="subcommand"></select></div>
<form id="options"></form>
<button id="send" form="options" type="submit">Send</button>
<h2>Today</h2><div id="usage" aria-live="polite"></div>
<h2>This playground</h2>
<label class="check"><input type="checkbox" id="manager" checked> Act as a server manager (Manage Server)</label>
${speeds}
${tokens}
<p class="note">Restarting <code>npm start</code> starts a fresh channel and a fresh day.</p>
</aside>
<main>${source}<div id="channel-name">imagine-playground</div><div id="channel" aria-live="polite"></div></main>
<dialog id="modal"><form method="dialog" id="modal-form"></form></dialog>
<script>
const COMMANDS = ${JSON.stringify(COMMANDS).replace(/</g, "\\u003c")};
const renderMarkdown = ${renderMarkdown.toString()};
${PAGE_SCRIPT}
</script></body></html>`;
}
