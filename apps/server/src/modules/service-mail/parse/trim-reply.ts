/**
 * Cuts quoted history and signatures off a reply, as mail clients write them, Chinese ones
 * included: Foxmail/QQ "-----原始邮件-----", "在 2026年12月1日 …写道：", Outlook "发件人:/From:"
 * header blocks, Gmail/Apple "On … wrote:", ">" quotes, "-- " signatures and "发自我的iPhone".
 */

/** A line that starts the quoted history: everything from it on is the earlier mail. */
const HISTORY_STARTS: RegExp[] = [
  /^\s*-{2,}\s*(原始邮件|原始郵件|Original Message|Original|转发邮件|Forwarded message)\s*-{2,}\s*$/i,
  /^\s*-{5,}\s*(原始|Original)/i,
  /^\s*在\s*.{1,120}(写道|寫道)\s*[:：]\s*$/,
  /^\s*On\s.{1,200}wrote:\s*$/i,
  /^\s*_{10,}\s*$/, // Outlook's line above its From: block
];

/** Outlook-style header block: a From line followed within a few lines by Sent/Date/To/Subject. */
const HEADER_FROM = /^\s*\*?(发件人|寄件者|From)\s*\*?\s*[:：]/i;
const HEADER_NEXT = /^\s*\*?(发送时间|发送日期|寄件日期|日期|时间|收件人|收件者|主题|主旨|Sent|Date|To|Subject)\s*\*?\s*[:：]/i;

/** Signature starts: the RFC delimiter and the phone clients' taglines. */
const SIGNATURE_STARTS: RegExp[] = [/^-- ?$/, /^\s*(发自我的|来自我的|Sent from my |Get Outlook for )/i];

export function trimReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (HISTORY_STARTS.some((re) => re.test(line)) || isHeaderBlock(lines, i) || isWrappedOnWrote(lines, i) || SIGNATURE_STARTS.some((re) => re.test(line))) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end);
  // Trailing ">" quotes (a bottom-posted quote without an attribution line) and blank lines.
  while (kept.length && (/^\s*>/.test(kept[kept.length - 1]) || !kept[kept.length - 1].trim())) kept.pop();
  const result = kept.join('\n').trim();
  // A mail that is nothing but a quote (a forward) keeps its text: better too much than nothing.
  return result || text.trim();
}

function isHeaderBlock(lines: string[], i: number): boolean {
  if (!HEADER_FROM.test(lines[i])) return false;
  return lines.slice(i + 1, i + 5).some((line) => HEADER_NEXT.test(line));
}

/** Gmail wraps a long "On …, Name <a@b> wrote:" over two lines. */
function isWrappedOnWrote(lines: string[], i: number): boolean {
  return /^\s*On\s/i.test(lines[i]) && i + 1 < lines.length && /wrote:\s*$/i.test(lines[i + 1]) && !/^\s*On\s.*wrote:\s*$/i.test(lines[i]);
}

/** Markers in HTML where the quoted part begins (the HTML counterpart of the lines above). */
const HTML_HISTORY_MARKERS: RegExp[] = [
  /<div[^>]+class="?gmail_quote/i,
  /<blockquote/i,
  /<div[^>]+id="?divRplyFwdMsg/i,
  /<hr[^>]+id="?stopSpelling/i,
  /<div[^>]+id="?appendonsend/i,
  /<div[^>]+id="?isForwardContent/i,
  /-{2,}(&nbsp;|\s)*(原始邮件|原始郵件|Original Message)(&nbsp;|\s)*-{2,}/i,
  /<div[^>]*>\s*在[^<]{1,120}(写道|寫道)[:：]/,
  /<(p|div)[^>]*>\s*(<[^>]+>\s*)*(发件人|寄件者|From)\s*(<[^>]+>\s*)*[:：]/i,
];

/** Cuts the HTML at the first history marker; the sanitiser closes what the cut left open. */
export function trimHtmlReply(html: string): string {
  let cut = html.length;
  for (const re of HTML_HISTORY_MARKERS) {
    const at = html.search(re);
    if (at > 0 && at < cut) cut = at;
  }
  return html.slice(0, cut);
}
