// The widget's only CSS, adopted as a constructable stylesheet: px not rem, logical properties, a host that resets everything.
import { contrast, type Theme } from './config.ts';

/**
 * :host rules are !important because an important declaration in the shadow tree beats the page's own
 * important ones (even `* { … !important }`), so no page CSS can move, hide or restyle the host.
 */
export function css(th: Theme): string {
  const ring = contrast(th.primary, '#ffffff') >= 3 ? th.primary : '#1f2937';
  const side = th.position === 'bottom-left' ? 'left' : 'right';
  return `
:host{all:initial!important;display:block!important;position:fixed!important;inset:auto!important;width:0!important;height:0!important;margin:0!important;padding:0!important;border:0!important;opacity:1!important;visibility:visible!important;transform:none!important;filter:none!important;z-index:${th.zIndex}!important}
.root{--p:${th.primary};--on:${th.onPrimary};--s:${th.secondary};--ring:${ring};font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Noto Sans Arabic",sans-serif;color:#1f2937;text-align:start;-webkit-font-smoothing:antialiased}
*,*::before,*::after{box-sizing:border-box}
button,input,textarea,select{font:inherit;color:inherit;margin:0}
h2,h3,p{margin:0}
svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;flex:none}
.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0}
:focus-visible{outline:3px solid var(--ring);outline-offset:2px}
.head :focus-visible{outline-color:var(--on)}
.launcher{position:fixed;bottom:20px;${side}:20px;display:flex;align-items:center;gap:8px;height:52px;padding:0 20px 0 16px;border:0;border-radius:26px;background:var(--p);color:var(--on);font-size:15px;font-weight:600;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.22)}
.launcher:hover{filter:brightness(1.08)}
.badge{min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#b91c1c;color:#fff;font-size:12px;line-height:20px;text-align:center;box-shadow:0 0 0 2px #fff}
.panel{position:fixed;bottom:84px;${side}:20px;width:384px;max-width:calc(100vw - 40px);height:640px;max-height:calc(100vh - 104px);display:flex;flex-direction:column;background:#fff;border-radius:16px;box-shadow:0 16px 48px rgba(0,0,0,.28);overflow:hidden}
.head{background:var(--p);color:var(--on);padding:16px 16px 0}
.top{display:flex;align-items:center;gap:10px}
.top img{width:32px;height:32px;border-radius:8px;object-fit:cover}
h2{font-size:18px;font-weight:700;flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.sub{margin-top:2px;opacity:.92}
.x{display:grid;place-items:center;width:36px;height:36px;border:0;border-radius:18px;background:transparent;color:inherit;cursor:pointer}
.x:hover{background:rgba(127,127,127,.25)}
.tabs{display:flex;gap:2px;margin-top:10px;overflow-x:auto}
.tab{padding:10px 10px 8px;border:0;border-bottom:3px solid transparent;background:none;cursor:pointer;white-space:nowrap}
.tab[aria-current=page]{border-bottom-color:currentColor;font-weight:700}
.body{flex:1;overflow-y:auto;padding:16px;overscroll-behavior:contain}
.foot{padding:8px;text-align:center;font-size:12px;color:#4b5563;border-top:1px solid #f3f4f6}
.f{margin-bottom:14px}
label{display:block;margin-bottom:4px;font-size:13px;font-weight:600}
.opt{font-weight:400;color:#4b5563}
input,textarea,select{display:block;width:100%;padding:9px 11px;border:1px solid #6b7280;border-radius:8px;background:#fff;font-size:14px;line-height:1.4}
textarea{min-height:112px;resize:vertical}
#hd-reply{min-height:72px}
input[type=checkbox]{display:inline-block;width:18px;height:18px;vertical-align:middle;margin-inline-end:8px}
[aria-invalid=true]{border-color:#b91c1c;box-shadow:0 0 0 1px #b91c1c}
.err{margin-top:4px;color:#b91c1c;font-size:13px}
.btn,.ghost{display:inline-flex;align-items:center;justify-content:center;gap:6px;min-height:40px;padding:8px 18px;border:0;border-radius:8px;background:var(--p);color:var(--on);font-weight:600;cursor:pointer}
.btn[disabled]{opacity:.65;cursor:progress}
.ghost{background:#fff;color:#1f2937;border:1px solid #9ca3af}
.wide{width:100%}
.row{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-top:16px}
.link{padding:4px 0;border:0;background:none;color:#1f2937;text-decoration:underline;cursor:pointer}
.list{list-style:none;margin:0;padding:0}
.item{display:block;width:100%;margin-bottom:8px;padding:12px;border:1px solid #e5e7eb;border-radius:10px;background:#fff;text-align:start;cursor:pointer}
.item:hover{border-color:var(--p);background:#f9fafb}
.item b{display:block;margin-bottom:2px}
.snip,.meta{display:block;color:#4b5563;font-size:13px}
mark{background:#fde68a;color:inherit;border-radius:2px}
.sugg{margin:-4px 0 14px;padding:12px;border-radius:10px;background:#f3f4f6}
.sugg p{margin-bottom:8px;font-weight:600;font-size:13px}
.alert,.ok{margin-bottom:12px;padding:10px 12px;border-radius:8px;background:#fef2f2;color:#991b1b}
.ok{background:#ecfdf5;color:#065f46}
.alert .link{color:inherit;margin-inline-start:6px}
h3{font-size:17px;margin-bottom:8px}
.gap{height:12px}
.link+h3{margin-top:8px}
.art{overflow-wrap:anywhere}
.art img{max-width:100%;height:auto}
.art a{color:#1d4ed8}
.art p,.art ul,.art ol,.art pre{margin:0 0 10px}
.art pre{padding:8px;overflow-x:auto;background:#f3f4f6;border-radius:6px}
.vote{display:flex;align-items:center;gap:8px;flex-wrap:wrap;margin-top:16px;padding-top:12px;border-top:1px solid #e5e7eb}
.vote span{flex:1}
.hp{position:absolute;inset-inline-start:-9999px;width:1px;height:1px;overflow:hidden}
.status{display:inline-block;padding:1px 8px;border-radius:10px;background:#e5e7eb;color:#1f2937;font-size:12px}
.thread{list-style:none;margin:12px 0;padding:0;display:flex;flex-direction:column;gap:8px}
.msg{max-width:85%;padding:8px 12px;border-radius:12px;background:#f3f4f6;white-space:pre-wrap;overflow-wrap:anywhere}
.me{align-self:flex-end;background:var(--p);color:var(--on)}
.who{display:block;font-size:12px;font-weight:700}
.msg time{display:block;font-size:11px;opacity:.85;margin-top:2px}
@media (max-width:640px){
.panel{inset:0;width:100vw;max-width:none;height:100vh;height:100dvh;max-height:none;border-radius:0}
.launcher{bottom:12px;${side}:12px;width:48px;height:48px;padding:0;justify-content:center;border-radius:24px}
.launcher .lbl{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.badge{position:absolute;top:-4px;${side}:-4px}
.open .launcher{display:none}
input,textarea,select{font-size:16px}
}
@media (prefers-reduced-motion:no-preference){.panel{animation:hd-in .16s ease-out}}
@keyframes hd-in{from{opacity:0;transform:translateY(8px)}}
`;
}
