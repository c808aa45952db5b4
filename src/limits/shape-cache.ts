// One measurement per parsed document, shared by the limits plugin and the executor choice.
// Apollo reuses the parsed DocumentNode of a known query (its document store), so a WeakMap keyed
// by that object measures each distinct document once and forgets it with the document.
import type { DocumentNode } from 'graphql';
import { measureDocument, type DocumentShape } from './document-shape';

export type ShapeOf = (document: DocumentNode) => DocumentShape;

export function createShapeCache(): ShapeOf {
  const shapes = new WeakMap<DocumentNode, DocumentShape>();
  return (document) => {
    let shape = shapes.get(document);
    if (shape === undefined) {
      shape = measureDocument(document);
      shapes.set(document, shape);
    }
    return shape;
  };
}
