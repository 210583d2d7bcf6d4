/** The widget's styles, scoped under .crm-chat; on a phone the open panel fills the screen. */
export const WIDGET_CSS = `
.crm-chat{position:fixed;right:16px;bottom:16px;z-index:2147483000;font:14px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f1f1f}
.crm-chat *{box-sizing:border-box}
.crm-chat-launcher{display:flex;align-items:center;gap:6px;border:0;border-radius:24px;padding:10px 18px;background:#1677ff;color:#fff;font:inherit;font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.2)}
.crm-chat-panel{position:absolute;right:0;bottom:0;width:min(360px,calc(100vw - 32px));height:min(520px,calc(100vh - 32px));display:flex;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 28px rgba(0,0,0,.22);overflow:hidden}
.crm-chat-panel[hidden]{display:none}
.crm-chat.open .crm-chat-launcher{visibility:hidden}
.crm-chat-head{display:flex;align-items:center;gap:8px;padding:12px 14px;background:#1677ff;color:#fff}
.crm-chat-head strong{flex:none}
.crm-chat-state{flex:1;min-width:0;font-size:12px;opacity:.9;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.crm-chat-close{border:0;background:transparent;color:#fff;font-size:20px;line-height:1;cursor:pointer;padding:0 4px}
.crm-chat-log{flex:1;overflow-y:auto;padding:12px;background:#f5f7fa;display:flex;flex-direction:column;gap:8px}
.crm-chat-msg{max-width:85%;padding:8px 10px;border-radius:10px;background:#fff;white-space:pre-wrap;word-break:break-word;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.crm-chat-msg small{display:block;font-size:11px;color:#8c8c8c}
.crm-chat-msg.visitor{align-self:flex-end;background:#1677ff;color:#fff}
.crm-chat-msg.visitor small{color:#d6e4ff}
.crm-chat-msg.system,.crm-chat-note{align-self:center;background:transparent;box-shadow:none;color:#8c8c8c;font-size:12px;text-align:center}
.crm-chat-msg a{color:inherit}
.crm-chat form{display:flex;flex-direction:column;gap:8px;padding:10px 12px;border-top:1px solid #f0f0f0;margin:0}
.crm-chat form[hidden]{display:none}
.crm-chat input,.crm-chat textarea{width:100%;font:inherit;padding:7px 9px;border:1px solid #d9d9d9;border-radius:6px;resize:none}
.crm-chat .crm-chat-row{display:flex;gap:8px}
.crm-chat .crm-chat-row textarea,.crm-chat .crm-chat-row input{flex:1}
.crm-chat form button,.crm-chat-actions button{border:0;border-radius:6px;padding:7px 14px;background:#1677ff;color:#fff;font:inherit;cursor:pointer}
.crm-chat form button:disabled{opacity:.6}
.crm-chat-actions{display:flex;gap:12px;justify-content:center;padding:0 12px 8px}
.crm-chat-actions[hidden]{display:none}
.crm-chat-actions button{background:transparent;color:#1677ff;padding:2px 4px}
.crm-chat-typing{min-height:0;padding:0 12px;color:#8c8c8c;font-size:12px;background:#f5f7fa}
.crm-chat-typing:empty{display:none}
.crm-chat .crm-chat-row .crm-chat-file{flex:none;display:flex;align-items:center;background:transparent;color:#595959;padding:4px 6px}
.crm-chat-filelink svg{vertical-align:-4px}
.crm-chat select{width:100%;font:inherit;padding:7px 9px;border:1px solid #d9d9d9;border-radius:6px;background:#fff}
.crm-chat select[hidden]{display:none}
.crm-chat-img{display:block;max-width:100%;max-height:200px;border-radius:6px;margin-top:4px}
.crm-chat-filelink{word-break:break-all}
.crm-chat-error{color:#cf1322;font-size:12px;min-height:0}
@media (max-width:480px){.crm-chat.open{inset:0}.crm-chat.open .crm-chat-panel{position:fixed;inset:0;width:100%;height:100%;border-radius:0}.crm-chat.open .crm-chat-launcher{display:none}}
`;
