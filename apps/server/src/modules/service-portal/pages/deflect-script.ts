/** Served as /portal/assets/deflect.js: while the subject is typed, public KB articles that may answer it. */
export const DEFLECT_JS = `(function(){
var input=document.getElementById('subject'),box=document.getElementById('kb-suggest');if(!input||!box)return;
var timer,seq=0;
input.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(run,250);});
function run(){var q=input.value.trim(),mine=++seq;if(q.length<2){box.textContent='';return;}
fetch('/api/public/kb/search?q='+encodeURIComponent(q)+'&limit=5',{credentials:'omit'}).then(function(r){return r.ok?r.json():{items:[]};}).then(function(d){
if(mine!==seq)return;box.textContent='';if(!d.items||!d.items.length)return;
var p=document.createElement('p');p.className='muted';p.textContent=box.getAttribute('data-title');box.appendChild(p);
var ul=document.createElement('ul');ul.className='list';d.items.forEach(function(a){var li=document.createElement('li'),el=document.createElement('a');
el.href=a.url;el.target='_blank';el.rel='noopener';el.textContent=a.title;li.appendChild(el);ul.appendChild(li);});box.appendChild(ul);}).catch(function(){});}
})();`;
