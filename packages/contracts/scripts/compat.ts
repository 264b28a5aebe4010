// `nx run contracts:compat`: fails when the TS schemas break the committed JSON or the JSON is stale.
import { checkCompatibility, formatReport, isCompatible } from './compat-check';

const report = checkCompatibility(process.argv[2]);
const output = formatReport(report);
if (isCompatible(report)) {
  console.log(output);
} else {
  console.error(output);
  process.exitCode = 1;
}
