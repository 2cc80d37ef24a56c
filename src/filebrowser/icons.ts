/** Icons of HDF Domains, themed like JupyterLab's own (jp-icon3 follows the theme, jp-icon-brand0 the accent). */
import { LabIcon } from '@jupyterlab/ui-components';

/** A domain: a page holding a stack of data blocks. */
const domainSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <path class="jp-icon3" fill="#616161" d="M6 2h9l5 5v13a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm8 1.5V8h4.5L14 3.5z"/>
  <g class="jp-icon-brand0" fill="#0d47a1">
    <ellipse cx="12" cy="11.5" rx="4.5" ry="1.6"/>
    <path d="M7.5 13.2c1 .7 2.7 1.1 4.5 1.1s3.5-.4 4.5-1.1v1.6c0 .9-2 1.6-4.5 1.6s-4.5-.7-4.5-1.6v-1.6zm0 3c1 .7 2.7 1.1 4.5 1.1s3.5-.4 4.5-1.1v1.6c0 .9-2 1.6-4.5 1.6s-4.5-.7-4.5-1.6v-1.6z"/>
  </g>
</svg>`;

/** The side panel: a folder with a data stack. */
const domainsSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <path class="jp-icon3" fill="#616161" d="M10 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-8l-2-2zm2 6c2.8 0 5 .8 5 1.8v5.4c0 1-2.2 1.8-5 1.8s-5-.8-5-1.8v-5.4c0-1 2.2-1.8 5-1.8zm0 1.2c-2 0-3.6.4-3.6.6s1.6.6 3.6.6 3.6-.4 3.6-.6-1.6-.6-3.6-.6zm-3.6 2.4v1.2c.7.4 2 .7 3.6.7s2.9-.3 3.6-.7v-1.2c-.8.4-2.1.6-3.6.6s-2.8-.2-3.6-.6z"/>
</svg>`;

export const domainIcon = new LabIcon({ name: 'h5lab:domain', svgstr: domainSvg });
export const domainsIcon = new LabIcon({ name: 'h5lab:domains', svgstr: domainsSvg });
