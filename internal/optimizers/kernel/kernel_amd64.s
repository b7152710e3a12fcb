//go:build amd64

#include "textflag.h"

// Each function walks i = 0, 4, 8, … < len(x) (a multiple of 4, see
// kernel_amd64.go) with four float64 per YMM register, in the same order
// of operations as its Go twin in generic.go: VFMADD231PD where that
// calls math.FMA, a separately rounded VMULPD where it writes float64(a*b).
// Go's operand order: VOP src2, src1, dst computes dst = src1 OP src2;
// VFMADD231PD a, b, c computes c = b·a + c with one rounding.

// func sgdAVX(x, g []float64, negLR float64)
TEXT ·sgdAVX(SB), NOSPLIT, $0-56
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         g_base+24(FP), SI
	VBROADCASTSD negLR+48(FP), Y0
	XORQ         AX, AX
	SHRQ         $2, CX
	JZ           sgd_done

sgd_loop:
	VMOVUPD     (DI)(AX*8), Y1
	VMOVUPD     (SI)(AX*8), Y2
	VFMADD231PD Y2, Y0, Y1     // x = negLR·g + x
	VMOVUPD     Y1, (DI)(AX*8)
	ADDQ        $4, AX
	DECQ        CX
	JNZ         sgd_loop

sgd_done:
	VZEROUPPER
	RET

// func momentumAVX(x, v, g []float64, alpha, c, negLR float64)
TEXT ·momentumAVX(SB), NOSPLIT, $0-96
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         v_base+24(FP), SI
	MOVQ         g_base+48(FP), DX
	VBROADCASTSD alpha+72(FP), Y0
	VBROADCASTSD c+80(FP), Y1
	VBROADCASTSD negLR+88(FP), Y2
	XORQ         AX, AX
	SHRQ         $2, CX
	JZ           mom_done

mom_loop:
	VMULPD      (SI)(AX*8), Y0, Y3 // v·α
	VMOVUPD     (DX)(AX*8), Y4
	VFMADD231PD Y4, Y1, Y3         // v = c·g + v·α
	VMOVUPD     Y3, (SI)(AX*8)
	VMOVUPD     (DI)(AX*8), Y5
	VFMADD231PD Y3, Y2, Y5         // x = negLR·v + x
	VMOVUPD     Y5, (DI)(AX*8)
	ADDQ        $4, AX
	DECQ        CX
	JNZ         mom_loop

mom_done:
	VZEROUPPER
	RET

// func heavyBallAVX(x, v, g []float64, alpha, lr float64)
TEXT ·heavyBallAVX(SB), NOSPLIT, $0-88
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         v_base+24(FP), SI
	MOVQ         g_base+48(FP), DX
	VBROADCASTSD alpha+72(FP), Y0
	VBROADCASTSD lr+80(FP), Y1
	XORQ         AX, AX
	SHRQ         $2, CX
	JZ           hb_done

hb_loop:
	VMULPD  (SI)(AX*8), Y0, Y3 // α·v
	VMULPD  (DX)(AX*8), Y1, Y4 // lr·g
	VSUBPD  Y4, Y3, Y3         // v = α·v − lr·g
	VMOVUPD Y3, (SI)(AX*8)
	VADDPD  (DI)(AX*8), Y3, Y5 // x + v
	VMOVUPD Y5, (DI)(AX*8)
	ADDQ    $4, AX
	DECQ    CX
	JNZ     hb_loop

hb_done:
	VZEROUPPER
	RET

// func lookaheadAVX(y, x, v []float64, alpha float64)
TEXT ·lookaheadAVX(SB), NOSPLIT, $0-80
	MOVQ         y_base+0(FP), DI
	MOVQ         y_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	MOVQ         v_base+48(FP), DX
	VBROADCASTSD alpha+72(FP), Y0
	XORQ         AX, AX
	SHRQ         $2, CX
	JZ           la_done

la_loop:
	VMULPD  (DX)(AX*8), Y0, Y3 // α·v
	VADDPD  (SI)(AX*8), Y3, Y3 // x + α·v
	VMOVUPD Y3, (DI)(AX*8)
	ADDQ    $4, AX
	DECQ    CX
	JNZ     la_loop

la_done:
	VZEROUPPER
	RET

// func rmspropAVX(x, r, g []float64, rho, c, negLR, eps float64, epsInside bool)
TEXT ·rmspropAVX(SB), NOSPLIT, $0-105
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         r_base+24(FP), SI
	MOVQ         g_base+48(FP), DX
	VBROADCASTSD rho+72(FP), Y0
	VBROADCASTSD c+80(FP), Y1
	VBROADCASTSD negLR+88(FP), Y2
	VBROADCASTSD eps+96(FP), Y3
	MOVBQZX      epsInside+104(FP), BX
	VXORPD       Y15, Y15, Y15
	XORQ         AX, AX
	SHRQ         $2, CX
	JZ           rms_done

rms_loop:
	VMOVUPD     (DX)(AX*8), Y4     // g
	VMULPD      (SI)(AX*8), Y0, Y5 // r·ρ
	VMULPD      Y4, Y1, Y6         // c·g
	VFMADD231PD Y4, Y6, Y5         // r = (c·g)·g + r·ρ
	VMOVUPD     Y5, (SI)(AX*8)
	TESTQ       BX, BX
	JNZ         rms_inside
	VSQRTPD     Y5, Y7
	VADDPD      Y3, Y7, Y7         // d = √r + eps
	JMP         rms_step

rms_inside:
	VADDPD  Y3, Y5, Y7
	VSQRTPD Y7, Y7                 // d = √(r + eps)

rms_step:
	VMULPD    Y4, Y2, Y8           // negLR·g
	VDIVPD    Y7, Y8, Y8           // (negLR·g)/d
	VMOVUPD   (DI)(AX*8), Y9
	VADDPD    Y8, Y9, Y10
	VCMPPD    $0x1e, Y15, Y7, Y11  // d > 0 (GT_OQ: false for NaN)
	VBLENDVPD Y11, Y10, Y9, Y9     // x moves only where d > 0
	VMOVUPD   Y9, (DI)(AX*8)
	ADDQ      $4, AX
	DECQ      CX
	JNZ       rms_loop

rms_done:
	VZEROUPPER
	RET

// AdamParams field offsets (kernel_test.go checks them).
#define A_BETA1 0
#define A_BETA2 8
#define A_C1 16
#define A_C2 24
#define A_NEGSTEP 32
#define A_BC2SQRT 40
#define A_BC2 48
#define A_EPS 56
#define A_EPSINSIDE 64

// func adamAVX(x, s, r, g []float64, p *AdamParams)
TEXT ·adamAVX(SB), NOSPLIT, $0-104
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         s_base+24(FP), SI
	MOVQ         r_base+48(FP), DX
	MOVQ         g_base+72(FP), R9
	MOVQ         p+96(FP), R8
	VBROADCASTSD A_BETA1(R8), Y0
	VBROADCASTSD A_BETA2(R8), Y1
	VBROADCASTSD A_C1(R8), Y2
	VBROADCASTSD A_C2(R8), Y3
	VBROADCASTSD A_NEGSTEP(R8), Y4
	VBROADCASTSD A_BC2SQRT(R8), Y5
	VBROADCASTSD A_BC2(R8), Y6
	VBROADCASTSD A_EPS(R8), Y7
	MOVBQZX      A_EPSINSIDE(R8), BX
	VXORPD       Y15, Y15, Y15
	XORQ         AX, AX
	SHRQ         $2, CX
	JZ           adam_done

adam_loop:
	VMOVUPD     (R9)(AX*8), Y8      // g
	VMULPD      (SI)(AX*8), Y0, Y9  // s·β1
	VFMADD231PD Y8, Y2, Y9          // s = C1·g + s·β1
	VMOVUPD     Y9, (SI)(AX*8)
	VMULPD      (DX)(AX*8), Y1, Y10 // r·β2
	VMULPD      Y8, Y3, Y11         // C2·g
	VFMADD231PD Y8, Y11, Y10        // r = (C2·g)·g + r·β2
	VMOVUPD     Y10, (DX)(AX*8)
	TESTQ       BX, BX
	JNZ         adam_inside
	VSQRTPD     Y10, Y12
	VDIVPD      Y5, Y12, Y12        // √r/BC2Sqrt
	VADDPD      Y7, Y12, Y12        // d = √r/BC2Sqrt + eps
	JMP         adam_step

adam_inside:
	VDIVPD  Y6, Y10, Y12            // r/BC2
	VADDPD  Y7, Y12, Y12
	VSQRTPD Y12, Y12                // d = √(r/BC2 + eps)

adam_step:
	VMULPD    Y9, Y4, Y13           // NegStep·s
	VDIVPD    Y12, Y13, Y13         // (NegStep·s)/d
	VMOVUPD   (DI)(AX*8), Y14
	VADDPD    Y13, Y14, Y13
	VCMPPD    $0x1e, Y15, Y12, Y11  // d > 0
	VBLENDVPD Y11, Y13, Y14, Y14
	VMOVUPD   Y14, (DI)(AX*8)
	ADDQ      $4, AX
	DECQ      CX
	JNZ       adam_loop

adam_done:
	VZEROUPPER
	RET

// RAdamParams field offsets (kernel_test.go checks them).
#define R_BETA1 0
#define R_BETA2 8
#define R_C1 16
#define R_C2 24
#define R_BC1 32
#define R_BC2 40
#define R_LR 48
#define R_ADAPT 56
#define R_NUM 64
#define R_RECT 72
#define R_EPS 80
#define R_EPSINSIDE 88

// func radamAVX(x, s, r, g []float64, p *RAdamParams)
TEXT ·radamAVX(SB), NOSPLIT, $0-104
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         s_base+24(FP), SI
	MOVQ         r_base+48(FP), DX
	MOVQ         g_base+72(FP), R9
	MOVQ         p+96(FP), R8
	VBROADCASTSD R_BETA1(R8), Y0
	VBROADCASTSD R_BETA2(R8), Y1
	VBROADCASTSD R_C1(R8), Y2
	VBROADCASTSD R_C2(R8), Y3
	VBROADCASTSD R_BC1(R8), Y4
	VBROADCASTSD R_LR(R8), Y5
	VBROADCASTSD R_EPS(R8), Y6
	VBROADCASTSD R_BC2(R8), Y7
	MOVBQZX      R_ADAPT(R8), BX
	MOVBQZX      R_EPSINSIDE(R8), R10
	MOVQ         $0x3FF0000000000000, R11
	MOVQ         R11, X15
	VBROADCASTSD X15, Y15            // 1.0
	XORQ         AX, AX
	SHRQ         $2, CX
	JZ           radam_done

radam_loop:
	VMOVUPD     (R9)(AX*8), Y8      // g
	VMULPD      (SI)(AX*8), Y0, Y9  // s·β1
	VFMADD231PD Y8, Y2, Y9          // s = C1·g + s·β1
	VMOVUPD     Y9, (SI)(AX*8)
	VMULPD      (DX)(AX*8), Y1, Y10 // r·β2
	VMULPD      Y8, Y3, Y11         // C2·g
	VFMADD231PD Y8, Y11, Y10        // r = (C2·g)·g + r·β2
	VMOVUPD     Y10, (DX)(AX*8)
	VDIVPD      Y4, Y9, Y13         // s/BC1
	VMULPD      Y5, Y13, Y13        // step = (s/BC1)·lr
	VMOVUPD     (DI)(AX*8), Y14
	TESTQ       BX, BX
	JNZ         radam_adapt
	VSUBPD      Y13, Y14, Y14       // x − step
	VMOVUPD     Y14, (DI)(AX*8)
	JMP         radam_next

radam_adapt:
	TESTQ   R10, R10
	JNZ     radam_inside
	VSQRTPD Y10, Y12
	VADDPD  Y6, Y12, Y12            // d = √r + eps
	JMP     radam_step

radam_inside:
	VDIVPD  Y7, Y10, Y12            // r/BC2
	VADDPD  Y6, Y12, Y12
	VSQRTPD Y12, Y12                // d = √(r/BC2 + eps)

radam_step:
	VDIVPD       Y12, Y15, Y11      // 1/d
	VBROADCASTSD R_NUM(R8), Y8
	VMULPD       Y8, Y11, Y11       // (1/d)·Num
	VMULPD       Y11, Y13, Y13      // step·((1/d)·Num)
	VBROADCASTSD R_RECT(R8), Y8
	VMULPD       Y8, Y13, Y13       // ·Rect
	VSUBPD       Y13, Y14, Y13      // x − step
	VXORPD       Y8, Y8, Y8
	VCMPPD       $0x04, Y8, Y12, Y11 // d ≠ 0 (NEQ_UQ: true for NaN, as d == 0 is false)
	VBLENDVPD    Y11, Y13, Y14, Y14
	VMOVUPD      Y14, (DI)(AX*8)

radam_next:
	ADDQ $4, AX
	DECQ CX
	JNZ  radam_loop

radam_done:
	VZEROUPPER
	RET
