/** Walking strided views: the offsets of every lane or element, in C order. */

/**
 * Every lane of `axis`: one per index of the other axes (last axis fastest), visited with its
 * first element's offsets in two views of the same shape. With `axis` -1, every element.
 * @example eachLane([2, 2], [2, 1], [2, 1], -1, 0, 0, (x) => console.log(x)); // 0, 1, 2, 3
 */
export function eachLane(
  shape: ArrayLike<number>,
  strides: ArrayLike<number>,
  outStrides: ArrayLike<number>,
  axis: number,
  offsetX: number,
  offsetY: number,
  visit: (ox: number, oy: number) => void,
): void {
  const ndim = shape.length;
  let lanes = 1;
  for (let d = 0; d < ndim; d++) if (d !== axis) lanes *= shape[d]!;
  const counter = new Array<number>(ndim).fill(0);
  let ox = offsetX;
  let oy = offsetY;
  for (let k = 0; k < lanes; k++) {
    visit(ox, oy);
    for (let d = ndim - 1; d >= 0; d--) {
      if (d === axis) continue;
      if (++counter[d]! < shape[d]!) {
        ox += strides[d]!;
        oy += outStrides[d]!;
        break;
      }
      ox -= strides[d]! * (shape[d]! - 1);
      oy -= outStrides[d]! * (shape[d]! - 1);
      counter[d] = 0;
    }
  }
}
