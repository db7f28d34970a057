// "下载 PNG" beside each chart: draw the chart's SVG (same origin) on a canvas at twice its size and save it. The
// pages need no other script; without it, the link downloads the SVG.
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-png]') : null;
  if (!link) return;
  event.preventDefault();
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth * 2;
    canvas.height = img.naturalHeight * 2;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = link.getAttribute('data-png');
      document.body.appendChild(a);
      a.click();
      setTimeout(() => {
        URL.revokeObjectURL(a.href);
        a.remove();
      }, 1000);
    }, 'image/png');
  };
  img.src = link.getAttribute('href');
});
