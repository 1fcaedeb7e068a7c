// ISO-8601 UTC timestamps, the only time format stored and served.
export const iso = (d: Date) => d.toISOString();
export const addMs = (d: Date, ms: number) => new Date(d.getTime() + ms);
