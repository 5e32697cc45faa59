export const how = "code points";
export function split(text: string): string[] {
  return [...text];
}
