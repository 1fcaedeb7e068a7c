// Small date arithmetic shared by modules that schedule work.
export const addMs = (d: Date, ms: number) => new Date(d.getTime() + ms);
