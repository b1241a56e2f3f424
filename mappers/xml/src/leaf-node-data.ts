// `extract.leaf.node.data`: flattens an event element into one record per leaf branch, keyed by
// Siddhi's paths (`/child/@id` for attributes, `/child/detail` for leaf text), each record
// carrying the values of the branch's ancestors too; `@attributes` values are then these keys.

import { childElements, directText, hasChildElements, type XmlElement } from './xml-document.js';

interface Branch {
  readonly values: Map<string, string>;
  readonly parent: Branch | undefined;
}

function collect(
  path: string,
  element: XmlElement,
  parent: Branch | undefined,
  leaves: Branch[],
): void {
  const branch: Branch = { values: new Map(), parent };
  for (const a of element.attributes) {
    branch.values.set(`${path}/${element.localName}/@${a.localName}`, a.value);
  }
  const childPath = `${path}/${element.localName}`;
  let branches = false;
  for (const child of childElements(element)) {
    const text = directText(child).trim();
    if (!hasChildElements(child) && text !== '') {
      branch.values.set(`${childPath}/${child.localName}`, text);
    } else {
      branches = true;
      collect(childPath, child, branch, leaves);
    }
  }
  if (!branches) leaves.push(branch);
}

/**
 * One record per leaf branch of `element` (document order): path → value, the branch's own
 * values first and its ancestors' added on top.
 * @example
 * leafRecords(child); // [Map { '/child/@id' => '673959', '/child/detail/@key' => 'company' }, …]
 */
export function leafRecords(element: XmlElement): Map<string, string>[] {
  const leaves: Branch[] = [];
  collect('', element, undefined, leaves);
  return leaves.map((leaf) => {
    const record = new Map<string, string>();
    for (let b: Branch | undefined = leaf; b !== undefined; b = b.parent) {
      for (const [key, value] of b.values) record.set(key, value);
    }
    return record;
  });
}
