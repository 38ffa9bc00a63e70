/* fmt.c — just enough printf for the runtime's messages: %s %c %d %i %u %x %p %%, the l, ll
 * and z length modifiers, and a '0' flag with a width. Output is cut at the buffer's end. */
#include "rt.h"

struct out {
	char *p, *end; /* end: the last byte, kept for the NUL */
};

static void put(struct out *o, char c)
{
	if (o->p < o->end)
		*o->p++ = c;
}

static void put_num(struct out *o, uint64_t v, unsigned base, bool neg, int width, char pad)
{
	char digits[24];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	if (neg && pad == '0')
		put(o, '-');
	for (int i = n + (neg ? 1 : 0); i < width; i++)
		put(o, pad);
	if (neg && pad != '0')
		put(o, '-');
	while (n > 0)
		put(o, digits[--n]);
}

/* Reads one integer argument of the given length (0: int, 1: long, 2: long long / size_t). */
static uint64_t arg_unsigned(va_list *ap, int len)
{
	if (len == 0)
		return va_arg(*ap, unsigned);
	return len == 1 ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned long long);
}

static int64_t arg_signed(va_list *ap, int len)
{
	if (len == 0)
		return va_arg(*ap, int);
	return len == 1 ? va_arg(*ap, long) : va_arg(*ap, long long);
}

static void conversion(struct out *o, const char **fmtp, va_list *ap)
{
	const char *f = *fmtp;
	char pad = ' ';
	int width = 0, len = 0;
	if (*f == '0')
		pad = *f++;
	while (*f >= '0' && *f <= '9')
		width = width * 10 + (*f++ - '0');
	for (; *f == 'l' || *f == 'z'; f++)
		len += *f == 'z' ? 2 : 1;
	switch (*f) {
	case 'd':
	case 'i': {
		int64_t v = arg_signed(ap, len);
		put_num(o, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10, v < 0, width, pad);
		break;
	}
	case 'u':
		put_num(o, arg_unsigned(ap, len), 10, false, width, pad);
		break;
	case 'x':
		put_num(o, arg_unsigned(ap, len), 16, false, width, pad);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_num(o, (uintptr_t)va_arg(*ap, void *), 16, false, width, pad);
		break;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		break;
	case 's': {
		const char *s = va_arg(*ap, const char *);
		for (s = s ? s : "(null)"; *s; s++)
			put(o, *s);
		break;
	}
	case '%':
		put(o, '%');
		break;
	default: /* unknown: print it as written */
		put(o, '%');
		if (*f)
			put(o, *f);
		break;
	}
	*fmtp = *f ? f + 1 : f;
}

size_t w2n_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
	if (size == 0)
		return 0;
	struct out o = {buf, buf + size - 1};
	va_list aq;
	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		conversion(&o, &fmt, &aq);
	}
	va_end(aq);
	*o.p = '\0';
	return (size_t)(o.p - buf);
}

size_t w2n_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = w2n_vfmt(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void w2n_dprintf(int fd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	size_t n = w2n_vfmt(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (size_t done = 0; done < n;) {
		long r = w2n_sys_write(fd, buf + done, n - done);
		if (r <= 0)
			break;
		done += (size_t)r;
	}
}
