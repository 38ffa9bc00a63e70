/* nbody.c — an f64 gravitational n-body simulation: all-pairs forces with a softened
 * inverse-cube distance (sqrt and division in the inner loop), then a leapfrog step, and the
 * total energy at the end. */
#include "common.h"

#define DEFAULT_N 180
#define BODIES    256
#define STEPS     4

struct body {
	double x, y, z, vx, vy, vz, m;
};

static struct body bodies[BODIES];
static double ax[BODIES], ay[BODIES], az[BODIES];

static void init(uint32_t seed)
{
	struct rng r = rng_seed(seed);
	for (uint32_t i = 0; i < BODIES; i++) {
		struct body *b = &bodies[i];
		b->x = rng_unit(&r) * 2 - 1;
		b->y = rng_unit(&r) * 2 - 1;
		b->z = rng_unit(&r) * 2 - 1;
		b->vx = (rng_unit(&r) - 0.5) * 0.01;
		b->vy = (rng_unit(&r) - 0.5) * 0.01;
		b->vz = (rng_unit(&r) - 0.5) * 0.01;
		b->m = 0.5 + rng_unit(&r);
	}
}

static void accelerate(void)
{
	const double soft = 1e-3;
	for (uint32_t i = 0; i < BODIES; i++) {
		double fx = 0, fy = 0, fz = 0;
		const struct body *bi = &bodies[i];
		for (uint32_t j = 0; j < BODIES; j++) {
			const struct body *bj = &bodies[j];
			double dx = bj->x - bi->x, dy = bj->y - bi->y, dz = bj->z - bi->z;
			double d2 = dx * dx + dy * dy + dz * dz + soft;
			double inv = 1.0 / (d2 * __builtin_sqrt(d2));
			fx += dx * bj->m * inv;
			fy += dy * bj->m * inv;
			fz += dz * bj->m * inv;
		}
		ax[i] = fx;
		ay[i] = fy;
		az[i] = fz;
	}
}

static void step(double dt)
{
	accelerate();
	for (uint32_t i = 0; i < BODIES; i++) {
		struct body *b = &bodies[i];
		b->vx += ax[i] * dt;
		b->vy += ay[i] * dt;
		b->vz += az[i] * dt;
		b->x += b->vx * dt;
		b->y += b->vy * dt;
		b->z += b->vz * dt;
	}
}

static double energy(void)
{
	double e = 0;
	for (uint32_t i = 0; i < BODIES; i++) {
		const struct body *b = &bodies[i];
		e += 0.5 * b->m * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
		for (uint32_t j = i + 1; j < BODIES; j++) {
			const struct body *c = &bodies[j];
			double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
			e -= b->m * c->m / __builtin_sqrt(dx * dx + dy * dy + dz * dz + 1e-3);
		}
	}
	return e;
}

uint32_t bench_run(uint32_t n)
{
	if (n == 0)
		n = DEFAULT_N;
	uint32_t h = 0;
	for (uint32_t round = 0; round < n; round++) {
		init(round);
		for (uint32_t s = 0; s < STEPS; s++)
			step(1e-3);
		h = mix_f64(h, energy());
		h = mix_f64(h, bodies[round % BODIES].x);
	}
	return h;
}
