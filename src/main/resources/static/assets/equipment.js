// The handover's signature: drawn with a finger, a stylus or a mouse on the canvas (pointer events),
// sent as a PNG data URL in the hidden "signature" field. Without JavaScript, or for anyone who cannot
// draw, "signé sur papier" (a radio button, keyboard-accessible) is the alternative.
(function () {
    'use strict';
    document.querySelectorAll('[data-signature-pad]').forEach(function (pad) {
        var canvas = pad.querySelector('canvas');
        var field = pad.querySelector('input[name="signature"]');
        var context = canvas.getContext('2d');
        var drawing = false;
        var drawn = false;
        context.lineWidth = 3;
        context.lineCap = 'round';
        context.strokeStyle = '#000';
        function point(event) {
            var box = canvas.getBoundingClientRect();
            return {
                x: (event.clientX - box.left) * canvas.width / box.width,
                y: (event.clientY - box.top) * canvas.height / box.height
            };
        }
        canvas.addEventListener('pointerdown', function (event) {
            drawing = true;
            canvas.setPointerCapture(event.pointerId);
            var p = point(event);
            context.beginPath();
            context.moveTo(p.x, p.y);
            event.preventDefault();
        });
        canvas.addEventListener('pointermove', function (event) {
            if (!drawing) {
                return;
            }
            var p = point(event);
            context.lineTo(p.x, p.y);
            context.stroke();
            drawn = true;
            event.preventDefault();
        });
        function stop() {
            if (drawing && drawn) {
                field.value = canvas.toDataURL('image/png');
                var drawnMode = pad.closest('[data-signature]').querySelector('input[value="DRAWN"]');
                if (drawnMode) {
                    drawnMode.checked = true;
                }
            }
            drawing = false;
        }
        canvas.addEventListener('pointerup', stop);
        canvas.addEventListener('pointercancel', stop);
        var clear = pad.querySelector('[data-signature-clear]');
        if (clear) {
            clear.addEventListener('click', function () {
                context.clearRect(0, 0, canvas.width, canvas.height);
                field.value = '';
                drawn = false;
            });
        }
    });
})();
