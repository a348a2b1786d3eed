// Hostile strings a writer or commenter might submit, each of which calls __xss(n) if it ever runs.
// Grouped by trick: script elements, event handlers, URL schemes, SVG/MathML, CSS, entity and
// encoding tricks, markup breaking out of attributes and elements, and template/parser confusions.

const n = (i: number) => `__xss(${i})`;

const scriptTags = (start: number) => [
  `<script>${n(start)}</script>`,
  `<SCRIPT>${n(start + 1)}</SCRIPT>`,
  `<script src="data:text/javascript,${n(start + 2)}"></script>`,
  `<script type="module">${n(start + 3)}</script>`,
  `<scr<script>ipt>${n(start + 4)}</scr</script>ipt>`,
  `</p><script>${n(start + 5)}</script><p>`,
  `<script/x>${n(start + 6)}</script>`,
  `<script\n>${n(start + 7)}</script\n>`,
  `"><script>${n(start + 8)}</script>`,
  `'><script>${n(start + 9)}</script>`,
  `</title><script>${n(start + 10)}</script>`,
  `</textarea><script>${n(start + 11)}</script>`,
  `</style><script>${n(start + 12)}</script>`,
  `<!--<script>${n(start + 13)}</script>-->`,
  `<![CDATA[<script>${n(start + 14)}</script>]]>`,
];

const handlers = (start: number) => [
  `<img src=x onerror=${n(start)}>`,
  `<img src="x" onerror="${n(start + 1)}">`,
  `<IMG SRC=x ONERROR=${n(start + 2)}>`,
  `<img src=x onerror=&#95;&#95;xss(${start + 3})>`,
  `<body onload=${n(start + 4)}>`,
  `<div onmouseover="${n(start + 5)}">hover</div>`,
  `<p onclick=${n(start + 6)}>click</p>`,
  `<input autofocus onfocus=${n(start + 7)}>`,
  `<details open ontoggle=${n(start + 8)}>x</details>`,
  `<video><source onerror=${n(start + 9)}></video>`,
  `<audio src=x onerror=${n(start + 10)}>`,
  `<marquee onstart=${n(start + 11)}>x</marquee>`,
  `<select autofocus onfocus=${n(start + 12)}>`,
  `<textarea autofocus onfocus=${n(start + 13)}>`,
  `<iframe onload=${n(start + 14)}></iframe>`,
  `<object data=x onerror=${n(start + 15)}>`,
  `<img/src=x/onerror=${n(start + 16)}>`,
  `<img src=x onerror\t=${n(start + 17)}>`,
  `<img src=x onerror\n=${n(start + 18)}>`,
  `<em onanimationstart=${n(start + 19)} style="animation:spin 1s">x</em>`,
  `<a autofocus tabindex=1 onfocus=${n(start + 20)}>x</a>`,
  `<input type=image src=x onerror=${n(start + 21)}>`,
  `<table background="javascript:${n(start + 22)}"><tr><td>x</td></tr></table>`,
  `<body onpageshow=${n(start + 23)}>`,
  `<img srcset="x 1x" onerror=${n(start + 24)}>`,
  `<picture><source srcset=x><img src=x onerror=${n(start + 25)}></picture>`,
];

const urls = (start: number) => [
  `<a href="javascript:${n(start)}">link</a>`,
  `<a href="JaVaScRiPt:${n(start + 1)}">link</a>`,
  `<a href="&#106;avascript:${n(start + 2)}">link</a>`,
  `<a href="jav&#x09;ascript:${n(start + 3)}">link</a>`,
  `<a href=" javascript:${n(start + 4)}">link</a>`,
  `<a href="data:text/html,<script>${n(start + 5)}</script>">link</a>`,
  `<a href="vbscript:${n(start + 6)}">link</a>`,
  `<iframe src="javascript:${n(start + 7)}"></iframe>`,
  `<embed src="javascript:${n(start + 8)}">`,
  `<form action="javascript:${n(start + 9)}"><button>go</button></form>`,
  `<button formaction="javascript:${n(start + 10)}">go</button>`,
  `<img src="javascript:${n(start + 11)}">`,
  `<a href="javascript&colon;${n(start + 12)}">link</a>`,
  `<base href="javascript:${n(start + 13)}//">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${n(start + 14)}">`,
];

const svg = (start: number) => [
  `<svg onload=${n(start)}>`,
  `<svg><script>${n(start + 1)}</script></svg>`,
  `<svg><a xlink:href="javascript:${n(start + 2)}"><text x=0 y=20>x</text></a></svg>`,
  `<svg><animate onbegin=${n(start + 3)} attributeName=x dur=1s>`,
  `<svg><set attributeName=onload to=${n(start + 4)}>`,
  `<math><maction actiontype="statusline" xlink:href="javascript:${n(start + 5)}">x</maction></math>`,
  `<svg><foreignObject><img src=x onerror=${n(start + 6)}></foreignObject></svg>`,
  `<svg/onload=${n(start + 7)}>`,
  `<math><mtext><img src=x onerror=${n(start + 8)}></mtext></math>`,
  `<svg><style>@import 'javascript:${n(start + 9)}'</style></svg>`,
  `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='${n(start + 10)}'/></svg>#x"/></svg>`,
  `<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">${n(start + 11)}</handler></svg>`,
];

const css = (start: number) => [
  `<div style="background:url(javascript:${n(start)})">x</div>`,
  `<div style="width:expression(${n(start + 1)})">x</div>`,
  `<style>body{background:url("javascript:${n(start + 2)}")}</style>`,
  `<link rel=stylesheet href="javascript:${n(start + 3)}">`,
  `<div style="behavior:url(x.htc)" onreadystatechange=${n(start + 4)}>x</div>`,
  `<p style="-moz-binding:url(x#${start + 5})">x</p>`,
  `<style>@import "data:,*{x:expression(${n(start + 6)})}";</style>`,
  `<span style="x:expr/**/ession(${n(start + 7)})">x</span>`,
  `<div style="background-image:url(&#106;avascript:${n(start + 8)})">x</div>`,
  `<style>*{background:url(x)}</style><img src=x onerror=${n(start + 9)}>`,
];

const entities = (start: number) => [
  `&lt;script&gt;${n(start)}&lt;/script&gt;`,
  `&#60;script&#62;${n(start + 1)}&#60;/script&#62;`,
  `\\u003cscript\\u003e${n(start + 2)}\\u003c/script\\u003e`,
  `%3Cscript%3E${n(start + 3)}%3C/script%3E`,
  `<img src=x onerror="&#x5f;&#x5f;xss(${start + 4})">`,
  `<<script>script>${n(start + 5)}<</script>/script>`,
  `<scri\u0000pt>${n(start + 6)}</scri\u0000pt>`,
  `＜script＞${n(start + 7)}＜/script＞`,
  `<img src=x onerror=eval(atob('${Buffer.from(n(start + 8)).toString('base64')}'))>`,
  `<img src=x onerror=\\u005f\\u005fxss(${start + 9})>`,
];

const breakouts = (start: number) => [
  `" onmouseover="${n(start)}" x="`,
  `' onmouseover='${n(start + 1)}' x='`,
  `" autofocus onfocus="${n(start + 2)}`,
  `"><img src=x onerror=${n(start + 3)}>`,
  `</a><img src=x onerror=${n(start + 4)}>`,
  `</blockquote><img src=x onerror=${n(start + 5)}>`,
  `</summary></details><img src=x onerror=${n(start + 6)}>`,
  `</h1><img src=x onerror=${n(start + 7)}>`,
  `</li></ul><img src=x onerror=${n(start + 8)}>`,
  `</option></select><img src=x onerror=${n(start + 9)}>`,
  `{{constructor.constructor('${n(start + 10)}')()}}`,
  `\${${n(start + 11)}}`,
  `<noscript><p title="</noscript><img src=x onerror=${n(start + 12)}>">`,
  `<template><img src=x onerror=${n(start + 13)}></template>`,
  `<xmp><img src=x onerror=${n(start + 14)}></xmp>`,
];

/** Every payload with the number it would report (103 in all). */
export const XSS_PAYLOADS: string[] = [
  ...scriptTags(1),
  ...handlers(100),
  ...urls(200),
  ...svg(300),
  ...css(400),
  ...entities(500),
  ...breakouts(600),
];
