import { AA_TEXT, contrastRatio, luminance, over, parseColor } from './contrast';

describe('WCAG contrast', () => {
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#777777', '#ffffff', 4.48], // the classic "just fails AA" grey
    ['#767676', '#ffffff', 4.54], // the lightest grey that passes on white
    ['#ffffff', '#07c160', 2.38], // WeUI's primary button: white on WeChat green
    ['#8a9099', '#ffffff', 3.22], // the hint grey this project used before
  ])('%s on %s is %s:1', (text, background, ratio) => {
    expect(contrastRatio(text, background)).toBeCloseTo(ratio, 2);
  });

  it('is symmetric, so the order of the colours does not matter', () => {
    expect(contrastRatio('#5e646b', '#ededed')).toBeCloseTo(contrastRatio('#ededed', '#5e646b'), 10);
  });

  it('knows the luminance of black, white and pure green', () => {
    expect(luminance(parseColor('#000'))).toBe(0);
    expect(luminance(parseColor('#fff'))).toBe(1);
    expect(luminance(parseColor('#00ff00'))).toBeCloseTo(0.7152, 4);
  });

  it('reads the colours browsers compute, and mixes a translucent one over its background', () => {
    expect(parseColor('rgb(7, 193, 96)')).toEqual({ r: 7, g: 193, b: 96, a: 1 });
    expect(parseColor('rgba(0, 0, 0, 0.5)')).toEqual({ r: 0, g: 0, b: 0, a: 0.5 });
    expect(parseColor('#00000080').a).toBeCloseTo(0.5, 2);
    expect(over(parseColor('rgba(0, 0, 0, 0.5)'), parseColor('#ffffff'))).toEqual({ r: 127.5, g: 127.5, b: 127.5, a: 1 });
    expect(contrastRatio('rgba(0, 0, 0, 0)', '#ffffff')).toBe(1);
  });

  it('refuses what it cannot read', () => {
    expect(() => parseColor('green')).toThrow('not a colour');
    expect(() => contrastRatio('#000', 'rgba(0, 0, 0, 0.5)')).toThrow('opaque');
  });

  it('asks 4.5:1 of text (AA)', () => {
    expect(AA_TEXT).toBe(4.5);
  });
});
