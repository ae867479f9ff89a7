/** The fill route, `/tugas/:slug`. */
export const FILL_PATH = /^\/tugas\/([^/]+)\/?$/;
