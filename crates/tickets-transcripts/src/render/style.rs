//! The page's only style sheet and script, written into it: the page loads nothing else.
//! The theme follows the viewer's `prefers-color-scheme`; the script only turns UTC times into
//! the viewer's zone and language and reveals clicked spoilers, so the page reads without it.

/// The style sheet: Discord's colours for the dark theme, and for the light one when the viewer
/// prefers it.
pub(crate) const CSS: &str = "\
:root{--bg:#313338;--tx:#dbdee1;--hd:#f2f3f5;--mu:#949ba4;--ln:#00a8fc;--cd:#2b2d31;--bd:#1e1f22;\
--mn:rgba(88,101,242,.3);--mt:#c9cdfb;--nt:#f0b232;--sp:#1e1f22;--hv:#2e3035}\
@media(prefers-color-scheme:light){:root{--bg:#fff;--tx:#313338;--hd:#060607;--mu:#5c5e66;\
--ln:#006ce7;--cd:#f2f3f5;--bd:#e3e5e8;--mn:rgba(88,101,242,.15);--mt:#505cdc;--nt:#a25c00;\
--sp:#c4c9ce;--hv:#f7f7f8}}\
*{box-sizing:border-box}\
body{margin:0;background:var(--bg);color:var(--tx);font:16px/1.375 \"gg sans\",\"Noto Sans\",\
\"Helvetica Neue\",Helvetica,Arial,sans-serif}\
a{color:var(--ln);text-decoration:none}a:hover{text-decoration:underline}\
header{padding:16px 16px 8px;border-bottom:1px solid var(--bd)}\
h1{margin:0 0 8px;color:var(--hd);font-size:20px}h2{font-size:16px;color:var(--hd);margin:12px 0 4px}\
dl{display:flex;flex-wrap:wrap;gap:4px 24px;margin:0}dl div{min-width:0}\
dt{font-size:12px;font-weight:700;text-transform:uppercase;color:var(--mu)}dd{margin:0}\
.fa{display:block}.fa div{margin-bottom:6px}.fa dt{text-transform:none}\
#tz{color:var(--mu);font-size:12px;margin:8px 0 0}\
.u{color:var(--mu);font-size:14px}\
.nt{margin:12px 16px;padding:10px 12px;border-left:4px solid var(--nt);background:var(--cd);border-radius:4px}\
main{padding:8px 0 24px}\
ol.l{list-style:none;margin:0;padding:0;white-space:normal}\
.l>li{position:relative;padding:2px 48px 2px 72px;white-space:pre-wrap;overflow-wrap:anywhere}\
.l>li:hover{background:var(--hv)}\
.l>li::after{content:\"\";display:block;clear:both}\
.g,.c0,.c1,.c2,.c3,.c4,.c5{margin-top:17px}\
.a,.l>li>i{float:left;margin:2px 0 0 -56px;width:40px;height:40px;border-radius:50%;color:#fff;\
display:flex;align-items:center;justify-content:center;font-weight:600;font-style:normal;object-fit:cover}\
h3{margin:0;font-size:16px;font-weight:500;line-height:22px;color:var(--hd)}\
b{color:var(--hd);font-weight:500}\
.c0>i{background:#5865f2}.c1>i{background:#757e8a}.c2>i{background:#3ba55c}.c3>i{background:#faa61a}\
.c4>i{background:#ed4245}.c5>i{background:#eb459f}\
h3 time,.y time{color:var(--mu);font-size:12px;margin-left:4px}\
.l>li>time:not(.ts){position:absolute;left:16px;top:4px;width:48px;font-size:11px;color:var(--mu);visibility:hidden}\
.l>li:hover>time{visibility:visible}\
.l>li.dd{display:flex;align-items:center;gap:8px;margin:24px 16px 8px;padding:0;font-size:12px;\
font-weight:600;color:var(--mu);background:none}\
.l>li.dd::before,.l>li.dd::after{content:\"\";flex:1;border-top:1px solid var(--bd)}\
.l>li.dd>time{position:static;visibility:visible;width:auto;font-size:12px}\
.bt{background:#5865f2;color:#fff;font-size:10px;font-weight:600;padding:1px 4px;border-radius:3px;\
margin-left:4px;vertical-align:2px}\
.c{white-space:pre-wrap;overflow-wrap:anywhere}\
.ed{font-size:10px;color:var(--mu)}.pn{font-size:12px}\
.wm{color:var(--mu);font-style:italic}\
.r{font-size:14px;color:var(--mu);margin-left:-16px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\
.r::before{content:\"\";display:inline-block;width:28px;height:8px;margin-right:6px;\
border:2px solid var(--mu);border-width:2px 0 0 2px;border-top-left-radius:6px;vertical-align:middle}\
.r a{color:var(--tx)}\
.l>li.y{color:var(--mu);display:flex;gap:12px;margin-top:8px}.y .yi{position:absolute;left:28px}\
.y b{color:var(--hd)}\
mark{background:var(--mn);color:var(--mt);border-radius:3px;padding:0 2px;font-weight:500}\
.em{color:var(--mu)}\
code,pre{font-family:Consolas,\"Andale Mono WT\",Menlo,Monaco,monospace;font-size:14px;background:var(--cd)}\
code{padding:0 2px;border-radius:3px}\
pre{margin:4px 0;padding:8px;border:1px solid var(--bd);border-radius:4px;white-space:pre-wrap;max-width:90%}\
blockquote{margin:0;padding:0 8px 0 12px;border-left:4px solid var(--mu)}\
h4,h5,h6{margin:8px 0 0;color:var(--hd);line-height:1.375}h4{font-size:24px}h5{font-size:20px}h6{font-size:16px}\
small{display:block;font-size:12px;color:var(--mu)}\
ul,ol{margin:4px 0;padding-left:24px;white-space:normal}\
.sp{background:var(--sp);color:transparent;border-radius:3px;cursor:pointer}\
.sp:not(:hover):not(:focus):not(.on) *{visibility:hidden}\
.sp:hover,.sp:focus,.sp.on{background:var(--mn);color:inherit}\
.im img{display:block;max-width:min(400px,100%);height:auto;max-height:350px;margin:4px 0;border-radius:8px}\
.f{display:inline-block;margin:4px 0;padding:10px 12px;border:1px solid var(--bd);border-radius:8px;\
background:var(--cd);max-width:432px}.f span{color:var(--mu);font-size:12px}.f i{display:block;font-size:12px;color:var(--nt)}\
.e{display:block;max-width:520px;margin:4px 0;padding:8px 16px 16px 12px;background:var(--cd);\
border-left:4px solid var(--bd);border-radius:4px;font-size:14px}\
.e::after{content:\"\";display:block;clear:both}\
.ea,.et{margin-top:8px;font-weight:600}.et{color:var(--hd);font-size:16px}\
.e>.c{margin-top:8px}\
.fs{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}.fd{flex:1 1 100%;white-space:pre-wrap}.fd.i{flex:1 1 30%}\
.fd b{display:block;color:var(--hd)}\
.ei{display:block;max-width:100%;margin-top:16px;border-radius:4px}\
.eth{float:right;max-width:80px;max-height:80px;margin:8px 0 0 16px;border-radius:4px}\
.eft{margin-top:8px;font-size:12px;color:var(--mu)}\
.ic{width:20px;height:20px;vertical-align:middle;margin-right:6px;border-radius:50%}\
.sk{display:inline-block;margin:4px 0;padding:8px;border:1px dashed var(--mu);border-radius:8px;color:var(--mu)}\
.sk img{max-width:160px;max-height:160px}\
.cr{display:flex;flex-wrap:wrap;gap:8px;margin:4px 0}.cx{margin:4px 0;padding:8px;border-radius:8px;background:var(--cd)}\
.bn{display:inline-block;padding:2px 16px;min-height:32px;line-height:28px;border-radius:3px;\
color:#fff;font-size:14px;font-weight:500}\
.b1{background:#5865f2}.b2,.b5,.b6{background:#4e5058}.b3{background:#248046}.b4{background:#da373c}\
a.bn{color:#fff}.off{opacity:.5}\
.sl{display:inline-block;min-width:300px;padding:8px;border:1px solid var(--bd);border-radius:4px;\
background:var(--cd);color:var(--mu)}\
.rs{display:flex;flex-wrap:wrap;gap:4px;margin-top:4px}\
.re{padding:2px 6px;border:1px solid var(--bd);border-radius:8px;background:var(--cd);font-size:14px}\
";

/// The script: times in the viewer's zone and language (`data-s` carries Discord's style letter;
/// a message's own time, in its name line or its item, shows the time of day and a day
/// divider's the date), and spoilers that stay revealed once clicked.
pub(crate) const SCRIPT: &str = "(function(){\
var L=document.documentElement.lang||undefined,F={},O={t:{timeStyle:'short'},T:{timeStyle:'medium'},\
d:{dateStyle:'short'},D:{dateStyle:'long'},f:{dateStyle:'medium',timeStyle:'short'},\
F:{dateStyle:'full',timeStyle:'short'}};\
function fmt(s){return F[s]||(F[s]=new Intl.DateTimeFormat(L,O[s]))}\
var R=Intl.RelativeTimeFormat?new Intl.RelativeTimeFormat(L,{numeric:'auto'}):null,\
U=[['year',31536e3],['month',2592e3],['day',864e2],['hour',3600],['minute',60],['second',1]];\
function rel(d){var s=(d-Date.now())/1e3,a=Math.abs(s);for(var i=0;i<U.length;i++)\
if(a>=U[i][1]||i==U.length-1)return R.format(Math.round(s/U[i][1]),U[i][0])}\
try{var ts=document.querySelectorAll('time[datetime]');for(var i=0;i<ts.length;i++){\
var e=ts[i],a=e.getAttribute('datetime'),p=e.parentNode.tagName,\
d=a.length==10?new Date(a.slice(0,4),a.slice(5,7)-1,a.slice(8)):new Date(a);if(isNaN(d))continue;\
var s=e.getAttribute('data-s')||(e.className!='ts'&&(p=='H3'||p=='LI')?'t':'f');\
e.textContent=s=='R'&&R?rel(d):fmt(s=='R'?'f':s).format(d);if(a.length>10)e.title=fmt('F').format(d)}\
var z=document.getElementById('tz');if(z)z.textContent=z.getAttribute('data-local')+' ('+\
Intl.DateTimeFormat().resolvedOptions().timeZone+')'}catch(x){}\
document.addEventListener('click',function(v){var t=v.target.closest&&v.target.closest('.sp');\
if(t)t.classList.add('on')})})();";
