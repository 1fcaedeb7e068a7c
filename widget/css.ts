// The tag of the widget's *.css.ts files: plain text at run time (tests); the build minifies each file's strings.
export const css = (parts: TemplateStringsArray, ...values: (string | number)[]): string =>
  String.raw({ raw: parts }, ...values);
