// Placeholder: the HTML report is built on another branch and replaces this file when merged.
import type { LoadReport } from "../report-types.ts";

export async function writeHtmlReport(_report: LoadReport, _path: string): Promise<void> {
  throw new Error("the HTML report is not yet built");
}
