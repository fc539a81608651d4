//go:build amd64 && !purego

#include "textflag.h"

// func dotsAVX2(q *int16, codes *int8, stride int, rows *int32, n int, out *int32)
//
// For each of the n rows: widen 32 int8 codes to int16 (VPMOVSXBW), multiply
// by the int16 query and add adjacent pairs into int32 lanes (VPMADDWD),
// accumulate in two registers, then sum the lanes. stride is a multiple of
// 32 and n > 0; the caller keeps the sums within int32.
TEXT ·dotsAVX2(SB), NOSPLIT, $0-48
	MOVQ q+0(FP), DI
	MOVQ codes+8(FP), R8
	MOVQ stride+16(FP), R9
	MOVQ rows+24(FP), R10
	MOVQ n+32(FP), R11
	MOVQ out+40(FP), R12

row:
	MOVLQSX (R10), SI
	IMULQ   R9, SI
	ADDQ    R8, SI
	MOVQ    DI, DX
	MOVQ    R9, CX
	VPXOR   Y0, Y0, Y0
	VPXOR   Y1, Y1, Y1

loop:
	VPMOVSXBW (SI), Y2
	VPMOVSXBW 16(SI), Y3
	VPMADDWD  (DX), Y2, Y2
	VPMADDWD  32(DX), Y3, Y3
	VPADDD    Y2, Y0, Y0
	VPADDD    Y3, Y1, Y1
	ADDQ      $32, SI
	ADDQ      $64, DX
	SUBQ      $32, CX
	JNZ       loop

	VPADDD       Y1, Y0, Y0
	VEXTRACTI128 $1, Y0, X1
	VPADDD       X1, X0, X0
	VPSHUFD      $0x4E, X0, X1
	VPADDD       X1, X0, X0
	VPSHUFD      $0xB1, X0, X1
	VPADDD       X1, X0, X0
	MOVL         X0, (R12)
	ADDQ         $4, R10
	ADDQ         $4, R12
	DECQ         R11
	JNZ          row

	VZEROUPPER
	RET
