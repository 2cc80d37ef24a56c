/**
 * The widget module the kernel side names (src/python/h5lab/widget.py): the lab looks the viewer's model and
 * view up by this name and version.
 */
export const WIDGET_MODULE = 'h5lab';

/** The version in package.json (widget-module.test.ts keeps the two equal); kernels ask for `^` it. */
export const WIDGET_MODULE_VERSION = '0.1.0';
