// Turns server HTML into something safe to show on a stranger's page: inert parsing, no script, no handlers, no javascript: links.

const DROP =
  'script,style,iframe,frame,object,embed,link,meta,base,form,input,button,textarea,select,svg,math,template';

function parse(html: string): DocumentFragment {
  const tpl = document.createElement('template');
  tpl.innerHTML = html; // template content is inert: nothing loads or runs while we clean it
  return tpl.content;
}

/**
 * The server already sanitizes article HTML; this is the second wall, because the widget runs with the
 * host page's origin and a slip here would be an XSS on every customer's site.
 */
export function cleanHtml(html: string): string {
  const root = parse(html);
  root.querySelectorAll(DROP).forEach((n) => n.remove());
  root.querySelectorAll('*').forEach((el) => {
    for (const { name, value } of [...el.attributes]) {
      if (
        /^on|^style$|^srcdoc$/i.test(name) ||
        (/^(href|src|action|xlink:href|formaction)$/i.test(name) && /^\s*(javascript|vbscript|data):/i.test(value))
      )
        el.removeAttribute(name);
    }
    if (el.tagName === 'A') {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
    }
  });
  const div = document.createElement('div');
  div.append(root);
  return div.innerHTML;
}

/** A search snippet keeps only its <mark> highlights; everything else becomes text. */
export function snippetParts(html: string): (string | { mark: string })[] {
  return [...parse(html).childNodes].map((n) =>
    n.nodeName === 'MARK' ? { mark: n.textContent ?? '' } : (n.textContent ?? ''),
  );
}
