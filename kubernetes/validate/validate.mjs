// Checks every Kubernetes manifest in ../*.yaml against the Kubernetes API's schemas, as kubeconform -strict would
// (kubeconform is not installable here): kubernetes-models validates each object (types, required fields, enums,
// formats), and TypeScript's excess-property check on the same object, typed with the API's interface, refuses a
// field the API does not have (a typo is otherwise silently ignored by the API server). The Keycloak CR is checked
// for what can be: its CRD's schema is published by Keycloak on GitHub and quay.io only, reachable from neither
// here. Then the same checks must refuse broken.yaml, so that they cannot pass by checking nothing.
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const NOT_IN_A_REGISTRY = new Set(["k8s.keycloak.org/v2alpha1/Keycloak", "k8s.keycloak.org/v2alpha1/KeycloakRealmImport"]);

/** kubernetes-models/<group>/<version>/<Kind>: the core group is "v1". */
function modulePath(apiVersion, kind) {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

function objectsOf(file) {
  return parseAllDocuments(readFileSync(file, "utf8")).map((document, index) => {
    if (document.errors.length > 0) {
      throw new Error(`${file}, document ${index + 1}: ${document.errors[0].message}`);
    }
    return { file, index: index + 1, object: document.toJS() };
  }).filter(({ object }) => object !== null);
}

async function modelOf(apiVersion, kind) {
  if (typeof apiVersion !== "string" || !/^[A-Za-z0-9.]+(\/[A-Za-z0-9]+)?$/.test(apiVersion) || !/^[A-Za-z]+$/.test(kind)) {
    return undefined;
  }
  try {
    return (await import(modulePath(apiVersion, kind)))[kind];
  } catch (error) {
    if (error.code === "ERR_MODULE_NOT_FOUND" || error.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
      return undefined;
    }
    throw error;
  }
}

/** Returns the problems of these objects, one line each. */
async function problemsOf(objects) {
  const problems = [];
  const typed = [];
  for (const { file, index, object } of objects) {
    const where = `${relative(join(here, ".."), file)} #${index} (${object?.kind} ${object?.metadata?.name})`;
    const type = `${object?.apiVersion}/${object?.kind}`;
    if (NOT_IN_A_REGISTRY.has(type)) {
      if (!object.metadata?.name || typeof object.spec !== "object") {
        problems.push(`${where}: a ${object.kind} needs metadata.name and spec`);
      }
      continue;
    }
    const Model = await modelOf(object.apiVersion, object.kind);
    if (!Model) {
      problems.push(`${where}: no Kubernetes type ${type}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${error.message}`);
    }
    typed.push({ where, type: `I${object.kind}`, module: modulePath(object.apiVersion, object.kind), object });
  }
  problems.push(...unknownFields(typed));
  return problems;
}

/** TypeScript's excess-property check: every field of every object must be one its API type declares. */
function unknownFields(typed) {
  if (typed.length === 0) {
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), "manifests-"));
  try {
    const source = typed.map((entry, i) =>
      `import type { ${entry.type} as T${i} } from "${entry.module}";\n` +
      `// ${entry.where}\nexport const o${i}: T${i} = ${JSON.stringify(entry.object, null, 1)};\n`).join("");
    const file = join(dir, "manifests.ts");
    writeFileSync(file, source);
    const program = ts.createProgram([file], {
      noEmit: true, strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      baseUrl: here, typeRoots: [], types: [], skipLibCheck: true,
      paths: { "kubernetes-models/*": [join(here, "node_modules/kubernetes-models/*")] },
    });
    return ts.getPreEmitDiagnostics(program).map(diagnostic => {
      const { line } = diagnostic.file
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : { line: 0 };
      const owner = diagnostic.file
        ? source.split("\n").slice(0, line + 1).reverse().find(text => text.startsWith("// ")) : undefined;
      return `${owner ? owner.slice(3) : "manifests"}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const manifests = readdirSync(join(here, "..")).filter(name => name.endsWith(".yaml")).sort()
  .flatMap(name => objectsOf(join(here, "..", name)));
const problems = await problemsOf(manifests);
for (const { file, index, object } of manifests) {
  const type = `${object.apiVersion}/${object.kind}`;
  console.log(`${relative(join(here, ".."), file)} #${index} ${object.kind} ${object.metadata?.name}: ` +
    (NOT_IN_A_REGISTRY.has(type) ? "no schema to check against (its CRD is not in a registry reachable here)"
      : "checked against the Kubernetes API's schema"));
}
problems.forEach(problem => console.error(`INVALID ${problem}`));
console.log(`${manifests.length} objects, ${problems.length} problems`);

const broken = await problemsOf(objectsOf(join(here, "broken.yaml")));
const expected = ["must be integer", "imagePullPolice\"' does not exist", "no Kubernetes type apps/v1/Deploymnet"];
const missed = expected.filter(text => !broken.some(problem => problem.includes(text)));
if (missed.length > 0) {
  console.error(`The checks did not refuse broken.yaml for: ${missed.join("; ")} (they found: ${broken.join("; ")})`);
}
process.exit(problems.length > 0 || missed.length > 0 ? 1 : 0);
