/**
 * `text` as a literal Terraform string: `${` and `%{` start Terraform templates, so they are
 * doubled (`$${`, `%%{`) and reach AWS unchanged. For values that carry their own placeholders,
 * such as Athena's `storage.location.template`. Never use it on text with cdktf tokens.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
