import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { k8sYaml } from './k8s-manifests';

/** `npm run k8s`: writes deploy/k8s/ecom.yaml (a spec fails when the committed file is out of date). */
const target = resolve(__dirname, '../../../deploy/k8s/ecom.yaml');
writeFileSync(target, k8sYaml());
console.log(`wrote ${target}`);
