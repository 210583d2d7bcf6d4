import { LINK_PARAM } from '../identity/link-token.js';
import type { TrackingSite } from '../tables.js';

/** Links to these are downloads (by the path's extension). */
const DOWNLOADS = 'pdf|zip|rar|7z|gz|tar|docx?|xlsx?|pptx?|csv|txt|rtf|odt|ods|odp|dmg|exe|msi|apk|mp3|mp4|mov|avi|epub';

/**
 * The tracking script of a site. Cached for everyone, so nothing in it comes from the request: the
 * endpoint is CRM_PUBLIC_URL's, else a path the script resolves against its own src.
 *
 * In the page: page views (and those of single-page apps), download links, outbound links, and
 * `crm('track', name, props)`, `crm('identify', {email})`, `crm('consent', true|false)`, `crm('page')`.
 * Calls made before the script loads wait in `crm.q`. The visitor id is first-party (localStorage,
 * with a cookie as fallback) and made only when something is sent; Do-Not-Track / Global Privacy
 * Control stop everything when the site honours them, and an opt-in site sends nothing before consent.
 * A landing URL's `crm_t` (a tracked e-mail click's signed token) is taken out of the address bar at
 * once (so it is neither stored with the page view nor shared on) and sent once, when tracking is allowed.
 * Events go in batches with navigator.sendBeacon (text/plain, so no preflight), fetch keepalive else.
 */
export function trackingScript(site: Pick<TrackingSite, 'honour_dnt' | 'require_consent'>, endpoint: string): string {
  const config = { endpoint, dnt: site.honour_dnt, optIn: site.require_consent };
  return `(function(){if(window.crm&&window.crm.loaded)return;var S=document.currentScript,C=${JSON.stringify(config)},U=new URL(C.endpoint,(S&&S.src)||location.href).href;
var VK='crm_vid',CK='crm_consent',DL=/\\.(${DOWNLOADS})$/i,buf=[],timer=null,vid=null,lastUrl=null,LT=null;
function get(k){try{var v=localStorage.getItem(k);if(v!==null)return v;}catch(e){}var m=document.cookie.match(new RegExp('(?:^|; )'+k+'=([^;]*)'));return m?decodeURIComponent(m[1]):null;}
function put(k,v){try{localStorage.setItem(k,v);}catch(e){}document.cookie=k+'='+encodeURIComponent(v)+'; path=/; max-age=63072000; SameSite=Lax';}
function drop(k){try{localStorage.removeItem(k);}catch(e){}document.cookie=k+'=; path=/; max-age=0';}
function dnt(){var n=navigator;return n.doNotTrack==='1'||window.doNotTrack==='1'||n.msDoNotTrack==='1'||n.globalPrivacyControl===true;}
function off(){return (C.dnt&&dnt())||(C.optIn&&get(CK)!=='1');}
function uuid(){if(window.crypto&&crypto.randomUUID)return crypto.randomUUID();var b=new Uint8Array(16);crypto.getRandomValues(b);b[6]=b[6]&15|64;b[8]=b[8]&63|128;var h=[];for(var i=0;i<16;i++)h.push((b[i]+256).toString(16).slice(1));return h.slice(0,4).join('')+'-'+h.slice(4,6).join('')+'-'+h.slice(6,8).join('')+'-'+h.slice(8,10).join('')+'-'+h.slice(10).join('');}
function visitor(){if(!vid){vid=get(VK);if(!vid||!/^[0-9a-f-]{36}$/i.test(vid)){vid=uuid();put(VK,vid);}}return vid;}
function send(){clearTimeout(timer);timer=null;while(buf.length){var body=JSON.stringify({visitorId:visitor(),events:buf.splice(0,50)});
if(!(navigator.sendBeacon&&navigator.sendBeacon(U,body))){try{fetch(U,{method:'POST',body:body,keepalive:true,credentials:'omit',headers:{'content-type':'text/plain'}}).catch(function(){});}catch(e){}}}}
function push(e){if(off())return;e.at=Date.now();buf.push(e);if(buf.length>=20)send();else if(!timer)timer=setTimeout(send,1000);}
function page(){if(lastUrl===location.href)return;lastUrl=location.href;var e={type:'page_view',url:location.href,title:document.title.slice(0,300)};if(document.referrer&&/^https?:/.test(document.referrer))e.referrer=document.referrer.slice(0,2000);push(e);}
function api(cmd,a,b){if(cmd==='track'&&typeof a==='string'){var e={type:'custom',name:a,url:location.href};if(b&&typeof b==='object')e.props=b;push(e);}
else if(cmd==='identify'&&a&&a.email){push({type:'identify',email:String(a.email)});send();}
else if(cmd==='consent'){if(a){put(CK,'1');linkUp();lastUrl=null;page();}else{put(CK,'0');buf=[];drop(VK);vid=null;}}
else if(cmd==='page'){lastUrl=null;page();}}
function linkUp(){if(LT&&!off()){push({type:'link',token:LT});LT=null;}}
try{var here=new URL(location.href),tk=here.searchParams.get('${LINK_PARAM}');if(tk!==null){here.searchParams.delete('${LINK_PARAM}');history.replaceState(history.state,'',here.href);if(/^[0-9a-f-]{36}\\.\\d{10}\\.[\\w-]{43}$/.test(tk))LT=tk;}}catch(e){}
var queued=(window.crm&&window.crm.q)||[];window.crm=function(){api.apply(null,arguments);};window.crm.loaded=true;window.crm.visitorId=function(){return off()?null:visitor();};
document.addEventListener('click',function(ev){var a=ev.target&&ev.target.closest&&ev.target.closest('a[href]');if(!a||!/^https?:/.test(a.href))return;var u=new URL(a.href);
if(DL.test(u.pathname))push({type:'download',url:location.href,target:a.href});else if(u.host!==location.host)push({type:'outbound_click',url:location.href,target:a.href});if(buf.length)send();},true);
['pushState','replaceState'].forEach(function(m){var o=history[m];history[m]=function(){var r=o.apply(this,arguments);setTimeout(page,0);return r;};});
window.addEventListener('popstate',page);window.addEventListener('pagehide',send);document.addEventListener('visibilitychange',function(){if(document.visibilityState==='hidden')send();});
linkUp();page();for(var i=0;i<queued.length;i++)api.apply(null,queued[i]);})();
`;
}
