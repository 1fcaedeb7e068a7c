// Every component's rules in cascade order, as one string: the build runs this file and ships its minified result.
import { appCss } from './components/app.css.ts';
import { controlsCss } from './components/controls.css.ts';
import { launcherCss } from './components/launcher.css.ts';
import { panelCss } from './components/panel.css.ts';
import { kbSearchCss } from './components/kb-search.css.ts';
import { articleCss } from './components/article.css.ts';
import { ticketFormCss } from './components/ticket-form.css.ts';
import { ticketsCss } from './components/tickets.css.ts';
import { attachmentsCss } from './components/attachments.css.ts';

export const rules =
  appCss +
  controlsCss +
  launcherCss +
  panelCss +
  kbSearchCss +
  articleCss +
  ticketFormCss +
  ticketsCss +
  attachmentsCss;
