package org.covidcxr.dicom;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes greyscale sequential DCT JPEG streams from given quantised coefficients (no forward DCT: the coefficients
 * are the input), so that decoder tests control what real encoders rarely vary: restart intervals, fill bytes before
 * markers, 16-bit quantisation tables, Huffman tables 2 and 3 beside decoys, codes of up to 16 bits, coefficients
 * far outside the sample range and DC values beyond 16 bits.
 */
final class JpegStreamWriter {
    /** Codes per length 1..16 for the DC symbols 0..15 and the 242 AC symbols: valid, and as long as JPEG allows. */
    private static final int[] DC_COUNTS = {0, 1, 2, 3, 3, 0, 3, 0, 2, 0, 0, 1, 0, 0, 0, 1};
    private static final int[] AC_COUNTS = {0, 1, 1, 2, 3, 4, 6, 8, 10, 16, 24, 32, 40, 40, 30, 25};

    /**
     * @param precision       8 or 12
     * @param restartInterval blocks per restart interval, 0 for none
     * @param fillBytes       whether 0xFF fill bytes precede the restart and end markers
     * @param sixteenBitQuant whether the quantisation table is written with 16-bit entries
     * @param tableId         the Huffman table pair the scan uses (the other ids hold decoys)
     */
    record Settings(int precision, int restartInterval, boolean fillBytes, boolean sixteenBitQuant, int tableId) {
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long bits;
    private int bitCount;

    private JpegStreamWriter() {
    }

    /**
     * @param quant  the quantisation table in zig-zag order
     * @param blocks each block's coefficients in zig-zag order, blocks left to right, top to bottom
     */
    static byte[] write(int rows, int columns, int[] quant, int[][] blocks, Settings settings) {
        List<Integer> dcSymbols = new ArrayList<>();
        for (int s = 0; s < 16; s++) {
            dcSymbols.add(s);
        }
        List<Integer> acSymbols = new ArrayList<>(List.of(0x00, 0xF0));
        for (int run = 0; run < 16; run++) {
            for (int size = 1; size < 16; size++) {
                acSymbols.add(run << 4 | size);
            }
        }
        acSymbols.subList(2, acSymbols.size()).sort(Comparator.comparingInt(s -> (s >> 4) + (s & 15))); // short first
        return new JpegStreamWriter().stream(rows, columns, quant, blocks, settings, dcSymbols, acSymbols);
    }

    private byte[] stream(int rows, int columns, int[] quant, int[][] blocks, Settings s, List<Integer> dcSymbols,
                          List<Integer> acSymbols) {
        marker(0xD8);
        segment(0xDB, table -> {
            table.write(s.sixteenBitQuant() ? 0x10 : 0x00);
            for (int q : quant) {
                if (s.sixteenBitQuant()) {
                    table.write(q >> 8);
                }
                table.write(q);
            }
        });
        segment(0xC1, frame -> frame.writeBytes(new byte[] {(byte) s.precision(), (byte) (rows >> 8), (byte) rows,
            (byte) (columns >> 8), (byte) columns, 1, 1, 0x11, 0}));
        for (int id = 0; id < 4; id++) {
            int table = id;
            boolean used = id == s.tableId();
            segment(0xC4, dht -> {
                huffmanTable(dht, table, DC_COUNTS, used ? dcSymbols : reversed(dcSymbols));
                huffmanTable(dht, 0x10 | table, AC_COUNTS, used ? acSymbols : reversed(acSymbols));
            });
        }
        if (s.restartInterval() > 0) {
            segment(0xDD, dri -> dri.writeBytes(new byte[] {(byte) (s.restartInterval() >> 8),
                (byte) s.restartInterval()}));
        }
        segment(0xDA, sos -> sos.writeBytes(new byte[] {1, 1, (byte) (s.tableId() << 4 | s.tableId()), 0, 63, 0}));
        int[][] dcCodes = codes(DC_COUNTS, dcSymbols);
        int[][] acCodes = codes(AC_COUNTS, acSymbols);
        int predictor = 0;
        for (int i = 0; i < blocks.length; i++) {
            if (s.restartInterval() > 0 && i > 0 && i % s.restartInterval() == 0) {
                flushBits();
                if (s.fillBytes()) {
                    out.write(0xFF);
                }
                marker(0xD0 + (i / s.restartInterval() - 1) % 8);
                predictor = 0;
            }
            int[] z = blocks[i];
            encode(dcCodes, 0, z[0] - predictor);
            predictor = z[0];
            int run = 0;
            for (int k = 1; k < 64; k++) {
                if (z[k] == 0) {
                    run++;
                    continue;
                }
                for (; run > 15; run -= 16) {
                    huffman(acCodes, 0xF0);
                }
                encode(acCodes, run, z[k]);
                run = 0;
            }
            if (run > 0) {
                huffman(acCodes, 0x00);
            }
        }
        flushBits();
        if (s.fillBytes()) {
            out.write(0xFF);
        }
        marker(0xD9);
        return out.toByteArray();
    }

    /** A value's size category after its zero run (DC: run 0), then its bits (F.1.2.1, F.1.2.2). */
    private void encode(int[][] codes, int run, int value) {
        int size = category(value);
        huffman(codes, run << 4 | size);
        if (size > 0) {
            appendBits(value < 0 ? value - 1 : value, size);
        }
    }

    private static int category(int value) {
        return 32 - Integer.numberOfLeadingZeros(Math.abs(value));
    }

    private void huffman(int[][] codes, int symbol) {
        appendBits(codes[0][symbol], codes[1][symbol]);
    }

    /** Canonical codes (Annex C): {code by symbol, length by symbol}. */
    private static int[][] codes(int[] counts, List<Integer> symbols) {
        int[][] codes = new int[2][256];
        int code = 0;
        int p = 0;
        for (int length = 1; length <= 16; length++, code <<= 1) {
            for (int i = 0; i < counts[length - 1]; i++, p++, code++) {
                codes[0][symbols.get(p)] = code;
                codes[1][symbols.get(p)] = length;
            }
        }
        return codes;
    }

    private static void huffmanTable(ByteArrayOutputStream dht, int classAndId, int[] counts, List<Integer> symbols) {
        dht.write(classAndId);
        for (int c : counts) {
            dht.write(c);
        }
        symbols.forEach(dht::write);
    }

    private void appendBits(int value, int count) {
        bits = bits << count | (value & ((1L << count) - 1));
        bitCount += count;
        while (bitCount >= 8) {
            int b = (int) (bits >>> (bitCount - 8)) & 0xFF;
            out.write(b);
            if (b == 0xFF) {
                out.write(0); // byte stuffing
            }
            bitCount -= 8;
        }
        bits &= (1L << bitCount) - 1;
    }

    /** Pads the last byte with one bits (F.1.2.3). */
    private void flushBits() {
        if (bitCount > 0) {
            appendBits(0x7F, 8 - bitCount);
        }
    }

    private void marker(int marker) {
        out.write(0xFF);
        out.write(marker);
    }

    private void segment(int marker, Consumer<ByteArrayOutputStream> body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        body.accept(content);
        marker(marker);
        out.write((content.size() + 2) >> 8);
        out.write(content.size() + 2);
        out.writeBytes(content.toByteArray());
    }

    private static List<Integer> reversed(List<Integer> symbols) {
        List<Integer> copy = new ArrayList<>(symbols);
        Collections.reverse(copy);
        return copy;
    }
}
