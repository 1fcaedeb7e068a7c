// The help centre's stylesheet: one small sheet inlined in every page (no extra request, no render-blocking file),
// themed by custom properties the layout sets from the tenant's branding.
export const BASE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;background:#f8fafc}
a{color:var(--hc-link)}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid var(--hc-primary);outline-offset:2px}
.skip{position:absolute;left:-9999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem 1rem;z-index:2}
header.site{background:var(--hc-primary);color:var(--hc-on-primary)}
header.site .bar{max-width:60rem;margin:0 auto;padding:1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
header.site a{color:inherit;text-decoration:none;font-weight:600;font-size:1.15rem;display:flex;align-items:center;gap:.5rem}
header.site img{max-height:2rem;max-width:10rem}
nav.lang ul{list-style:none;margin:0;padding:0;display:flex;gap:.75rem}
nav.lang a{font-weight:400;font-size:.95rem;text-decoration:underline}
nav.lang [aria-current]{font-weight:700;text-decoration:none}
.hero{background:var(--hc-primary);color:var(--hc-on-primary);padding:1rem 1rem 2.5rem;text-align:center}
.hero h1{margin:.25rem 0 1rem;font-size:1.75rem}
form.search{display:flex;gap:.5rem;max-width:36rem;margin:0 auto}
form.search input{flex:1;min-width:0;font:inherit;padding:.6rem .8rem;border:1px solid #cbd5e1;border-radius:.5rem;color:#111827;background:#fff}
form.search button,.feedback button,.cta a,.cta button{font:inherit;padding:.6rem 1rem;border-radius:.5rem;border:1px solid transparent;background:var(--hc-secondary);color:var(--hc-on-secondary);cursor:pointer;text-decoration:none;display:inline-block}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.crumbs ol{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.25rem;font-size:.9rem}
.crumbs li+li::before{content:"/";margin-right:.25rem;color:#64748b}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));padding:0;list-style:none}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:1rem}
.card h3{margin:0 0 .25rem;font-size:1.05rem}
.card p{margin:0;color:#475569;font-size:.95rem}
ul.list{padding:0;list-style:none}
ul.list li{padding:.6rem 0;border-bottom:1px solid #e2e8f0}
ul.list p{margin:.25rem 0 0;color:#475569;font-size:.95rem}
mark{background:#fef08a;color:inherit}
article.body{background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:1.5rem;overflow-wrap:anywhere}
article.body img{max-width:100%;height:auto}
article.body pre{overflow:auto;background:#f1f5f9;padding:.75rem;border-radius:.5rem}
article.body table{border-collapse:collapse}
article.body td,article.body th{border:1px solid #cbd5e1;padding:.3rem .5rem}
.meta{color:#64748b;font-size:.9rem}
.feedback{margin:1.5rem 0;border:0;padding:0}
.feedback legend{font-weight:600;margin-bottom:.5rem}
.feedback button{margin-right:.5rem}
.thanks{font-weight:600}
.cta{margin-top:2rem;padding:1.25rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem}
.cta h2{margin-top:0;font-size:1.15rem}
footer.site{text-align:center;color:#64748b;font-size:.85rem;padding:2rem 1rem}
[dir=rtl] .crumbs li+li::before{content:"\\\\";margin:0 0 0 .25rem}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#e2e8f0}.card,article.body,.cta{background:#111827;border-color:#334155}.card p,ul.list p,.meta{color:#94a3b8}article.body pre{background:#1e293b}a{color:var(--hc-link-dark)}ul.list li{border-color:#334155}}
`
  .replace(/\n/g, '')
  .trim();
