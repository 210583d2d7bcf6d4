import { WIDGET_CSS } from './widget-style.js';
import { WIDGET_TEXTS } from './widget-texts.js';

/**
 * The chat widget a company's site loads with one script tag: a launcher and a panel, no framework.
 * Everything it shows is set as text (links only for http(s) URLs), never as HTML. The API base is
 * CRM_PUBLIC_URL's, else the script resolves it against its own src: nothing comes from the
 * request, since the script is cached for everyone. Real time by EventSource, else polling.
 */
export function widgetScript(token: string, apiBase: string): string {
  const config = { token, api: apiBase, css: WIDGET_CSS, text: WIDGET_TEXTS };
  return `(function(){if(window.__crmChat)return;window.__crmChat=1;
var S=document.currentScript,C=${JSON.stringify(config).replace(/</g, '\\u003c')};
var API=new URL(C.api,(S&&S.src)||location.href).href,KEY='crm-chat:'+C.token;
var lang=((document.documentElement.lang||navigator.language||'')+'').toLowerCase().indexOf('en')===0?'en':'zh',T=C.text[lang];
function load(){try{return JSON.parse(localStorage.getItem(KEY)||'{}')||{}}catch(e){return{}}}
function save(){try{localStorage.setItem(KEY,JSON.stringify(st))}catch(e){}}
var st=load(),cfg=null,es=null,timer=null,lastId=null,seen={},status=null,typingTimer=null,typedAt=0;
function clip(){var ns='http://www.w3.org/2000/svg',svg=document.createElementNS(ns,'svg'),p=document.createElementNS(ns,'path');svg.setAttribute('viewBox','0 0 24 24');svg.setAttribute('width','20');svg.setAttribute('height','20');svg.setAttribute('aria-hidden','true');
p.setAttribute('d','M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5');p.setAttribute('fill','none');p.setAttribute('stroke','currentColor');p.setAttribute('stroke-width','1.8');p.setAttribute('stroke-linecap','round');svg.append(p);return svg;}
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
function fmt(s,k,v){return s.replace('{'+k+'}',v);}
function api(method,path,body){var h={};if(st.visitor)h['x-chat-visitor']=st.visitor;if(body)h['content-type']='application/json';
return fetch(API+path,{method:method,headers:h,body:body?JSON.stringify(body):undefined}).then(function(r){return r.json().catch(function(){return{}}).then(function(j){return{ok:r.ok,status:r.status,j:j}})});}
var root=el('div','crm-chat'),launcher=el('button','crm-chat-launcher','\\u{1F4AC} '+T.launcher),panel=el('section','crm-chat-panel');
launcher.type='button';launcher.setAttribute('data-crm-chat-launcher','');panel.hidden=true;panel.setAttribute('role','dialog');panel.setAttribute('aria-label',T.title);
var head=el('div','crm-chat-head'),state=el('span','crm-chat-state'),close=el('button','crm-chat-close','\\u00d7');close.type='button';close.setAttribute('aria-label',T.close);
head.append(el('strong',null,T.title),state,close);
var log=el('div','crm-chat-log');log.setAttribute('aria-live','polite');
var intro=el('form','crm-chat-intro'),nameIn=el('input'),mailIn=el('input'),topicIn=el('select'),textIn=el('textarea'),introBtn=el('button'),introErr=el('div','crm-chat-error');topicIn.name='topic';topicIn.setAttribute('aria-label',T.topic);
nameIn.name='name';nameIn.maxLength=100;nameIn.placeholder=T.name;mailIn.name='email';mailIn.type='email';mailIn.maxLength=254;textIn.name='text';textIn.rows=3;textIn.maxLength=2000;textIn.placeholder=T.message;textIn.required=true;introBtn.type='submit';
intro.append(nameIn,mailIn,topicIn,textIn,introErr,introBtn);
var send=el('form','crm-chat-send'),row=el('div','crm-chat-row'),sendIn=el('textarea'),sendBtn=el('button',null,T.send),sendErr=el('div','crm-chat-error'),fileBtn=el('button','crm-chat-file'),fileIn=el('input'),typingEl=el('div','crm-chat-typing');
sendIn.name='text';sendIn.rows=2;sendIn.maxLength=2000;sendIn.placeholder=T.placeholder;sendBtn.type='submit';fileBtn.type='button';fileBtn.title=T.attach;fileBtn.append(clip());fileBtn.setAttribute('aria-label',T.attach);fileIn.type='file';fileIn.hidden=true;fileIn.accept='image/png,image/jpeg,image/gif,image/webp,.pdf,.docx,.xlsx,.pptx,.zip,.txt,.csv';
row.append(fileBtn,sendIn,sendBtn);send.append(row,fileIn,sendErr);send.hidden=true;
var mail=el('form','crm-chat-mail'),mailRow=el('div','crm-chat-row'),mail2=el('input'),mailBtn=el('button',null,T.save);mail2.type='email';mail2.required=true;mail2.maxLength=254;mail2.placeholder=T.emailOptional;mailBtn.type='submit';mailRow.append(mail2,mailBtn);mail.append(mailRow);mail.hidden=true;
var actions=el('div','crm-chat-actions'),mailLink=el('button',null,T.leaveEmail),endLink=el('button',null,T.end),againLink=el('button',null,T.again);
[mailLink,endLink,againLink].forEach(function(b){b.type='button';});actions.append(mailLink,endLink,againLink);actions.hidden=true;
panel.append(head,log,typingEl,intro,send,mail,actions);root.append(launcher,panel);
function linkify(box,text){var re=/https?:\\/\\/[^\\s<>"']+/g,i=0,m;while((m=re.exec(text))){box.append(document.createTextNode(text.slice(i,m.index)));var a=el('a',null,m[0]);a.href=m[0];a.target='_blank';a.rel='noopener noreferrer';box.append(a);i=m.index+m[0].length;}box.append(document.createTextNode(text.slice(i)));}
function note(text){log.append(el('div','crm-chat-note',text));log.scrollTop=log.scrollHeight;}
function add(m){if(seen[m.id])return;seen[m.id]=1;if(!lastId||Number(m.id)>Number(lastId))lastId=m.id;var b=el('div','crm-chat-msg '+m.author);
if(m.author!=='system')b.append(el('small',null,m.author==='visitor'?T.you:(m.agentName||T.agent)));if(m.file)fileBody(b,m.file);else linkify(b,m.text);if(m.author==='agent')typingEl.textContent='';log.append(b);log.scrollTop=log.scrollHeight;}
function fileUrl(f){return API+'/sessions/'+st.sessionId+'/files/'+f.id+'?visitor='+encodeURIComponent(st.visitor);}
function fileBody(b,f){var a=el('a','crm-chat-filelink');a.href=fileUrl(f);a.target='_blank';a.rel='noopener noreferrer';
if(f.contentType.indexOf('image/')===0){var img=el('img','crm-chat-img');img.src=a.href;img.alt=f.filename;a.append(img);}else{a.append(clip(),document.createTextNode(' '+f.filename));a.setAttribute('download',f.filename);}b.append(a);}
function setStatus(s){status=s.status;var open=s.status==='waiting'||s.status==='active';
state.textContent=s.status==='waiting'?T.waiting:s.status==='active'?fmt(T.active,'name',s.agentName||T.agent):T.ended;
send.hidden=!open;actions.hidden=false;mailLink.hidden=!open||!!st.email;endLink.hidden=!open;againLink.hidden=open;if(!open){stop();typingEl.textContent='';mail.hidden=!(s.status==='missed'&&!st.email);if(!mail.hidden)mail2.placeholder=T.missedEmail;}}
function stop(){if(es){es.close();es=null;}if(timer){clearInterval(timer);timer=null;}}
function pollNow(){api('GET','/sessions/'+st.sessionId+'/messages'+(lastId?'?after='+lastId:'')).then(function(r){if(!r.ok)return;(r.j.data.messages||[]).forEach(add);if(r.j.data.session.status!==status)setStatus(r.j.data.session);});}
function connect(){stop();if(window.EventSource){var fails=0;es=new EventSource(API+'/sessions/'+st.sessionId+'/events?visitor='+encodeURIComponent(st.visitor)+(lastId?'&after='+lastId:''));
es.addEventListener('message',function(e){fails=0;add(JSON.parse(e.data));});es.addEventListener('status',function(e){setStatus(JSON.parse(e.data));});
es.addEventListener('typing',function(e){var d=JSON.parse(e.data);typingEl.textContent=fmt(T.typing,'name',d.name||T.agent);clearTimeout(typingTimer);typingTimer=setTimeout(function(){typingEl.textContent='';},4000);});
es.onerror=function(){if(++fails>3||es.readyState===2){stop();timer=setInterval(pollNow,3000);}};}else timer=setInterval(pollNow,3000);}
function enter(d){intro.hidden=true;log.textContent='';seen={};lastId=null;(d.messages||[]).forEach(add);setStatus(d.session);if(d.session.status==='waiting'||d.session.status==='active')connect();}
function showIntro(){stop();intro.hidden=false;send.hidden=true;mail.hidden=true;actions.hidden=true;log.textContent='';
var on=cfg.online;state.textContent=on?'':T.offline;note(on?cfg.greeting[lang]:cfg.offline[lang]);mailIn.required=!on;mailIn.placeholder=on?T.emailOptional:T.emailRequired;
topicIn.textContent='';var tp=cfg.topics||[];topicIn.hidden=!tp.length;if(tp.length){var o0=el('option',null,T.topic);o0.value='';topicIn.append(o0);tp.forEach(function(x){var o=el('option',null,x.label[lang]);o.value=x.key;topicIn.append(o);});}introBtn.textContent=on?T.start:T.leave;introErr.textContent='';}
function openPanel(){panel.hidden=false;root.classList.add('open');if(st.sessionId&&st.visitor){api('GET','/sessions/current').then(function(r){if(r.ok&&r.j.data)enter(r.j.data);else showIntro();});}else showIntro();}
launcher.addEventListener('click',openPanel);close.addEventListener('click',function(){panel.hidden=true;root.classList.remove('open');});
intro.addEventListener('submit',function(e){e.preventDefault();introBtn.disabled=true;introErr.textContent='';
var body={name:nameIn.value,text:textIn.value,pageUrl:location.href,lang:lang};if(mailIn.value)body.email=mailIn.value;if(topicIn.value)body.topic=topicIn.value;
api('POST',cfg.online?'/sessions':'/offline',body).then(function(r){introBtn.disabled=false;
if(r.ok){st.visitor=r.j.data.visitor;if(body.email)st.email=body.email;textIn.value='';if(cfg.online){st.sessionId=r.j.data.session.id;save();enter(r.j.data);}else{save();log.textContent='';note(fmt(T.thanks,'number',r.j.data.ticketNumber||''));intro.hidden=true;actions.hidden=false;mailLink.hidden=true;endLink.hidden=true;againLink.hidden=false;}return;}
if(r.status===409&&cfg.online){cfg.online=false;var t=textIn.value;showIntro();textIn.value=t;return;}
if(r.status===401){delete st.visitor;delete st.sessionId;save();}
introErr.textContent=(r.j.error&&r.j.error.message)||T.failed;}).catch(function(){introBtn.disabled=false;introErr.textContent=T.failed;});});
function sendNow(){var text=sendIn.value.trim();if(!text)return;sendBtn.disabled=true;sendErr.textContent='';
api('POST','/sessions/'+st.sessionId+'/messages',{text:text}).then(function(r){sendBtn.disabled=false;if(r.ok){sendIn.value='';add(r.j.data);}else sendErr.textContent=(r.j.error&&r.j.error.message)||T.failed;}).catch(function(){sendBtn.disabled=false;sendErr.textContent=T.failed;});}
send.addEventListener('submit',function(e){e.preventDefault();sendNow();});
sendIn.addEventListener('input',function(){if(!sendIn.value||status!=='active'||Date.now()-typedAt<2000)return;typedAt=Date.now();api('POST','/sessions/'+st.sessionId+'/typing',{}).catch(function(){});});
fileBtn.addEventListener('click',function(){fileIn.click();});
fileIn.addEventListener('change',function(){var f=fileIn.files&&fileIn.files[0];fileIn.value='';if(!f)return;sendErr.textContent='';
if(f.size>cfg.maxFileBytes){sendErr.textContent=fmt(T.tooLarge,'mb',Math.round(cfg.maxFileBytes/1048576));return;}
var fd=new FormData();fd.append('file',f,f.name);fileBtn.disabled=true;
fetch(API+'/sessions/'+st.sessionId+'/files',{method:'POST',headers:{'x-chat-visitor':st.visitor},body:fd}).then(function(r){return r.json().catch(function(){return{}}).then(function(j){fileBtn.disabled=false;if(r.ok)add(j.data);else sendErr.textContent=(j.error&&j.error.message)||T.failed;});}).catch(function(){fileBtn.disabled=false;sendErr.textContent=T.failed;});});
sendIn.addEventListener('keydown',function(e){if(e.key==='Enter'&&!e.shiftKey&&!e.isComposing){e.preventDefault();sendNow();}});
mailLink.addEventListener('click',function(){mail.hidden=!mail.hidden;if(!mail.hidden)mail2.focus();});
mail.addEventListener('submit',function(e){e.preventDefault();api('POST','/sessions/'+st.sessionId+'/email',{email:mail2.value,name:nameIn.value||undefined}).then(function(r){if(r.ok){st.email=mail2.value;save();mail.hidden=true;mailLink.hidden=true;if(status==='missed')pollNow();}});});
endLink.addEventListener('click',function(){api('POST','/sessions/'+st.sessionId+'/end',{}).then(function(r){if(r.ok)pollNow();});});
againLink.addEventListener('click',function(){delete st.sessionId;save();api('GET','/config').then(function(r){if(r.ok)cfg=r.j.data;showIntro();});});
function boot(){var css=el('style');css.id='crm-chat-css';css.textContent=C.css;document.head.appendChild(css);document.body.appendChild(root);}
api('GET','/config').then(function(r){if(!r.ok||!r.j.data||!r.j.data.enabled)return;cfg=r.j.data;if(document.body)boot();else document.addEventListener('DOMContentLoaded',boot);}).catch(function(){});
})();
`;
}
