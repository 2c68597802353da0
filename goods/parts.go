package goods

import (
	"regexp"
	"sort"
)

// A partRule recognises the part numbers of one family of components: a
// token that starts with prefix and whose remainder matches rest (anchored
// at its start) names subheading hs.
type partRule struct {
	prefix, rest string
	hs, concern  string
	label        string
	re           *regexp.Regexp
}

// part builds a partRule; rest is a regular expression for what follows the
// prefix ("" accepts anything).
func part(prefix, rest, hs, label string) partRule {
	return partRule{prefix: prefix, rest: rest, hs: hs, label: label}
}

// parts holds the part-number families. The HS subheadings follow the usual
// classification of each family: microcontrollers, processors and DSPs
// 8542.31; memories 8542.32; operational and RF amplifiers 8542.33; FPGAs,
// CPLDs, converters, logic, interface and power ICs 8542.39; GNSS modules
// 8526.91; cellular, Wi-Fi and telemetry radio modules 8517.62; power
// transistors (1 W or more) 8541.29, small-signal ones 8541.21; diodes
// 8541.10; thyristors 8541.30; optocouplers and photodiodes 8541.49;
// crystals 8541.60; tantalum and multilayer ceramic capacitors 8532.21 and
// 8532.24.
var parts = []partRule{
	// Processors, microcontrollers, DSPs: 8542.31.
	part("STM32", `[A-Z]\d`, "854231", "STMicroelectronics STM32 microcontroller"),
	part("STM8", `[A-Z]`, "854231", "STMicroelectronics STM8 microcontroller"),
	part("GD32", `[A-Z]\d`, "854231", "GigaDevice GD32 microcontroller"),
	part("ATMEGA", `\d`, "854231", "Microchip AVR ATmega microcontroller"),
	part("ATTINY", `\d`, "854231", "Microchip AVR ATtiny microcontroller"),
	part("ATXMEGA", `\d`, "854231", "Microchip AVR XMEGA microcontroller"),
	part("ATSAM", `[A-Z0-9]`, "854231", "Microchip SAM microcontroller"),
	part("AT91", ``, "854231", "Microchip AT91 microcontroller"),
	part("PIC", `(?:1[0268]|24|32)[A-Z]`, "854231", "Microchip PIC microcontroller"),
	part("DSPIC", `\d`, "854231", "Microchip dsPIC controller"),
	part("MSP430", ``, "854231", "TI MSP430 microcontroller"),
	part("TMS320", ``, "854231", "TI TMS320 digital signal processor"),
	part("TMS570", ``, "854231", "TI TMS570 safety microcontroller"),
	part("ADSP", `-?(?:\d|BF|SC)`, "854231", "Analog Devices SHARC/Blackfin DSP"),
	part("LPC", `\d{3,4}`, "854231", "NXP LPC microcontroller"),
	part("MK", `\d{2}[DFN]`, "854231", "NXP Kinetis microcontroller"),
	part("S32K", `\d`, "854231", "NXP S32K microcontroller"),
	part("MIMX", `\d`, "854231", "NXP i.MX processor"),
	part("MCIMX", `\d`, "854231", "NXP i.MX processor"),
	part("SPC5", `\d`, "854231", "automotive Power Architecture microcontroller"),
	part("MPC5", `\d`, "854231", "NXP MPC5 microcontroller"),
	part("MCF5", `\d`, "854231", "NXP ColdFire microcontroller"),
	part("EFM32", ``, "854231", "Silicon Labs EFM32 microcontroller"),
	part("CY8C", `\d`, "854231", "Infineon PSoC microcontroller"),
	part("XMC", `\d{4}`, "854231", "Infineon XMC microcontroller"),
	part("TC", `[23]\d{2}[A-Z]`, "854231", "Infineon AURIX microcontroller"),
	part("R5F", `\d`, "854231", "Renesas microcontroller"),
	part("RP2040", ``, "854231", "Raspberry Pi RP2040 microcontroller"),
	part("NRF52", `\d`, "854231", "Nordic nRF52 wireless SoC"),
	part("NRF53", `\d`, "854231", "Nordic nRF53 wireless SoC"),
	part("ESP32", `(?:-[A-Z]\d?[A-Z0-9]*)?$`, "854231", "Espressif ESP32 SoC"),
	part("ESP8266", ``, "854231", "Espressif ESP8266 SoC"),
	part("AM335", ``, "854231", "TI Sitara processor"),
	part("BCM27", `\d`, "854231", "Broadcom application processor"),
	part("RK3", `\d{3}`, "854231", "Rockchip application processor"),

	// Programmable logic and other ICs: 8542.39.
	part("XC7", `[AKVZS]\d`, "854239", "AMD/Xilinx 7-series FPGA"),
	part("XQ7", `[AKVZ]\d`, "854239", "AMD/Xilinx defence-grade FPGA"),
	part("XA7", `[AZS]\d`, "854239", "AMD/Xilinx automotive FPGA"),
	part("XCKU", ``, "854239", "AMD/Xilinx Kintex UltraScale FPGA"),
	part("XCVU", ``, "854239", "AMD/Xilinx Virtex UltraScale FPGA"),
	part("XCZU", ``, "854239", "AMD/Xilinx Zynq UltraScale+ MPSoC"),
	part("XCAU", ``, "854239", "AMD/Xilinx Artix UltraScale+ FPGA"),
	part("XQ", `(?:KU|VU|ZU|RT)`, "854239", "AMD/Xilinx defence-grade FPGA"),
	part("XC", `[3-6][SV][A-Z0-9]`, "854239", "AMD/Xilinx Spartan/Virtex FPGA"),
	part("XC2C", ``, "854239", "AMD/Xilinx CoolRunner CPLD"),
	part("XC2V", `\d`, "854239", "AMD/Xilinx Virtex-II FPGA"),
	part("XC2S", `\d`, "854239", "AMD/Xilinx Spartan-II FPGA"),
	part("XCV", `\d{2,4}`, "854239", "AMD/Xilinx Virtex FPGA"),
	part("XC4", `0\d{2}`, "854239", "AMD/Xilinx XC4000 FPGA"),
	part("CY7C6", `8\d{3}`, "854231", "Infineon (Cypress) EZ-USB microcontroller"),
	part("XC95", ``, "854239", "AMD/Xilinx XC9500 CPLD"),
	part("EP", `[1-4][A-Z]`, "854239", "Intel/Altera Cyclone FPGA"),
	part("EPM", `\d`, "854239", "Intel/Altera MAX CPLD"),
	part("10M", `\d{2}[A-Z]`, "854239", "Intel/Altera MAX 10 FPGA"),
	part("10A", `[SX]\d`, "854239", "Intel/Altera Arria 10 FPGA"),
	part("5C", `[EGS][A-Z]`, "854239", "Intel/Altera Cyclone V FPGA"),
	part("5S", `[GE][A-Z]`, "854239", "Intel/Altera Stratix V FPGA"),
	part("5A", `[GS][A-Z]`, "854239", "Intel/Altera Arria V FPGA"),
	part("LFE", `\d`, "854239", "Lattice ECP FPGA"),
	part("LCMXO", ``, "854239", "Lattice MachXO FPGA"),
	part("ICE40", ``, "854239", "Lattice iCE40 FPGA"),
	part("M2S", `\d`, "854239", "Microchip SmartFusion2 FPGA"),
	part("M2GL", `\d`, "854239", "Microchip IGLOO2 FPGA"),
	part("A3P", `\d`, "854239", "Microchip ProASIC3 FPGA"),
	part("GW1N", ``, "854239", "Gowin FPGA"),
	part("GW2A", ``, "854239", "Gowin FPGA"),
	part("AD", `\d{3,}`, "854239", "Analog Devices IC"),
	part("ADS", `\d`, "854239", "TI analog-to-digital converter"),
	part("ADC", `\d`, "854239", "analog-to-digital converter IC"),
	part("DAC", `\d`, "854239", "digital-to-analog converter IC"),
	part("ADF", `\d`, "854239", "Analog Devices PLL/synthesizer"),
	part("ADM", `\d`, "854239", "Analog Devices interface IC"),
	part("ADUM", `\d`, "854239", "Analog Devices digital isolator"),
	part("ADP", `\d`, "854239", "Analog Devices power management IC"),
	part("ADXL", `\d`, "854239", "Analog Devices MEMS accelerometer IC"),
	part("ADXRS", `\d`, "854239", "Analog Devices MEMS gyroscope IC"),
	part("LTC", `\d`, "854239", "Analog Devices (Linear) IC"),
	part("LT", `[38]\d{3}`, "854239", "Analog Devices (Linear) regulator"),
	part("MAX", `\d`, "854239", "Analog Devices (Maxim) IC"),
	part("TPS", `\d`, "854239", "TI power management IC"),
	part("TLV", `\d`, "854239", "TI IC"),
	part("LM", `\d`, "854239", "analog/power IC"),
	part("LP", `\d{4}`, "854239", "TI regulator"),
	part("AMS1117", ``, "854239", "voltage regulator IC"),
	part("SN74", ``, "854239", "TI logic IC"),
	part("SN65", ``, "854239", "TI interface IC"),
	part("SN75", ``, "854239", "TI interface IC"),
	part("74", `(?:HC|LS|AC|LVC|HCT|AHC|ALVC|F)\d`, "854239", "logic IC"),
	part("CD4", `\d{3}`, "854239", "CMOS logic IC"),
	part("NE555", ``, "854239", "timer IC"),
	part("ULN2", `\d{3}`, "854239", "driver IC"),
	part("UCC", `\d`, "854239", "TI power/driver IC"),
	part("DRV", `\d`, "854239", "TI motor driver IC"),
	part("TMP", `\d`, "854239", "temperature sensor IC"),
	part("BQ", `\d{4}`, "854239", "TI battery management IC"),
	part("CC", `\d{4}`, "854239", "TI RF transceiver SoC"),
	part("SI4", `\d{3}`, "854239", "Silicon Labs RF transceiver IC"),
	part("SI53", `\d`, "854239", "Silicon Labs clock IC"),
	part("SX12", `\d`, "854239", "Semtech LoRa transceiver IC"),
	part("AT86RF", ``, "854239", "Microchip RF transceiver IC"),
	part("NRF24", ``, "854239", "Nordic 2.4 GHz transceiver IC"),
	part("CH340", ``, "854239", "USB-serial interface IC"),
	part("CP210", ``, "854239", "Silicon Labs USB bridge IC"),
	part("FT2", `\d{2,3}`, "854239", "FTDI USB interface IC"),
	part("FT4", `\d{3}`, "854239", "FTDI USB interface IC"),
	part("PCA9", `\d`, "854239", "I2C interface IC"),
	part("MCP", `[1-57]\d`, "854239", "Microchip analog/interface IC"),
	part("TJA1", `\d`, "854239", "NXP CAN transceiver IC"),
	part("ISO", `[17]\d{2,3}`, "854239", "TI digital isolator"),
	part("DS18", `[BS]\d`, "854239", "Maxim temperature sensor IC"),
	part("DS32", `\d`, "854239", "Maxim real-time clock IC"),
	part("DS13", `\d`, "854239", "Maxim real-time clock IC"),
	part("RTL8", `\d`, "854239", "Realtek network controller IC"),
	part("LAN8", `\d`, "854239", "Microchip Ethernet PHY IC"),
	part("KSZ8", `\d`, "854239", "Microchip Ethernet switch IC"),
	part("DP83", `\d`, "854239", "TI Ethernet PHY IC"),
	part("W5500", ``, "854239", "WIZnet Ethernet controller IC"),
	part("MPU", `-?[69]\d{2}`, "854239", "InvenSense MEMS motion sensor IC"),
	part("ICM", `-?[24]\d{4}`, "854239", "TDK InvenSense MEMS IMU IC"),
	part("BMI", `\d{3}`, "854239", "Bosch MEMS IMU IC"),
	part("BMP", `\d{3}`, "854239", "Bosch pressure sensor IC"),
	part("BME", `\d{3}`, "854239", "Bosch environmental sensor IC"),
	part("LSM6", ``, "854239", "ST MEMS IMU IC"),
	part("SKY6", `\d`, "854239", "Skyworks RF front-end IC"),
	part("ATECC", `\d`, "854239", "Microchip secure element IC"),
	part("MP", `\d{4}`, "854239", "MPS power IC"),

	// Amplifiers: 8542.33.
	part("OPA", `\d`, "854233", "TI operational amplifier"),
	part("AD8", `\d{2,3}`, "854233", "Analog Devices amplifier"),
	part("ADA4", `\d`, "854233", "Analog Devices operational amplifier"),
	part("ADL5", `\d`, "854233", "Analog Devices RF amplifier"),
	part("HMC", `\d`, "854233", "Analog Devices (Hittite) RF MMIC"),
	part("LM358", ``, "854233", "operational amplifier"),
	part("LM324", ``, "854233", "operational amplifier"),
	part("LM741", ``, "854233", "operational amplifier"),
	part("LM833", ``, "854233", "operational amplifier"),
	part("LM386", ``, "854233", "audio power amplifier IC"),
	part("LM4562", ``, "854233", "operational amplifier"),
	part("LMV", `\d`, "854233", "operational amplifier"),
	part("LMH", `\d`, "854233", "high-speed amplifier"),
	part("TL0", `[678]\d`, "854233", "operational amplifier"),
	part("NE553", `[24]`, "854233", "operational amplifier"),
	part("MCP6", `\d`, "854233", "Microchip operational amplifier"),
	part("INA", `\d`, "854233", "instrumentation/current-sense amplifier"),
	part("THS", `\d`, "854233", "TI high-speed amplifier"),
	part("LT1", `\d{3}`, "854233", "Analog Devices (Linear) amplifier"),
	part("LTC6", `\d`, "854233", "Analog Devices (Linear) amplifier"),
	part("TPA", `\d`, "854233", "TI audio amplifier IC"),
	part("TDA", `\d`, "854233", "audio amplifier IC"),
	part("QPA", `\d`, "854233", "Qorvo RF amplifier"),
	part("QPL", `\d`, "854233", "Qorvo low-noise amplifier"),
	part("MAAM", `\d`, "854233", "MACOM RF amplifier"),
	part("GALI", `-?\d`, "854233", "Mini-Circuits MMIC amplifier"),

	// Memories: 8542.32.
	part("W25", `[QNX]\d`, "854232", "Winbond serial flash memory"),
	part("W29N", ``, "854232", "Winbond NAND flash memory"),
	part("W9", `\d{3}[A-Z]`, "854232", "Winbond DRAM"),
	part("MT29", ``, "854232", "Micron NAND flash memory"),
	part("MT25", ``, "854232", "Micron serial NOR flash memory"),
	part("MT28", ``, "854232", "Micron NOR flash memory"),
	part("MT35", ``, "854232", "Micron NOR flash memory"),
	part("MT4", `[0-8][A-Z]`, "854232", "Micron DRAM"),
	part("MT5", `[0-3][A-Z]`, "854232", "Micron LPDDR DRAM"),
	part("MT6", `[01][A-Z]`, "854232", "Micron DRAM"),
	part("K4", `[ABTFHU]\d`, "854232", "Samsung DRAM"),
	part("K9", `[A-Z]`, "854232", "Samsung NAND flash memory"),
	part("KLM", `[A-Z0-9]`, "854232", "Samsung eMMC memory"),
	part("H5", `[A-Z]{2}\d`, "854232", "SK hynix DRAM"),
	part("H9", `[A-Z]`, "854232", "SK hynix memory"),
	part("IS4", `[2-6]`, "854232", "ISSI DRAM"),
	part("IS6", `[1-6]`, "854232", "ISSI SRAM"),
	part("IS25", ``, "854232", "ISSI serial flash memory"),
	part("CY62", ``, "854232", "Infineon (Cypress) SRAM"),
	part("CY7C10", ``, "854232", "Infineon (Cypress) SRAM"),
	part("CY14", ``, "854232", "Infineon nvSRAM"),
	part("CY15", ``, "854232", "Infineon F-RAM"),
	part("FM2", `[458]`, "854232", "Infineon (Ramtron) F-RAM"),
	part("MR", `(?:25H|4A|2A|0A)`, "854232", "Everspin MRAM"),
	part("S25FL", ``, "854232", "Infineon (Spansion) serial NOR flash"),
	part("S29", `[GAJ]L`, "854232", "Infineon (Spansion) parallel NOR flash"),
	part("S34ML", ``, "854232", "Infineon (Spansion) NAND flash"),
	part("S70FL", ``, "854232", "Infineon (Spansion) serial NOR flash"),
	part("AT24C", ``, "854232", "Microchip serial EEPROM"),
	part("AT25", ``, "854232", "serial flash/EEPROM"),
	part("AT45DB", ``, "854232", "DataFlash memory"),
	part("AT28C", ``, "854232", "parallel EEPROM"),
	part("24LC", ``, "854232", "Microchip serial EEPROM"),
	part("24AA", ``, "854232", "Microchip serial EEPROM"),
	part("24FC", ``, "854232", "Microchip serial EEPROM"),
	part("25LC", ``, "854232", "Microchip serial EEPROM"),
	part("25AA", ``, "854232", "Microchip serial EEPROM"),
	part("93LC", ``, "854232", "Microchip Microwire EEPROM"),
	part("M24C", ``, "854232", "ST serial EEPROM"),
	part("M25P", ``, "854232", "serial flash memory"),
	part("M95", `\d`, "854232", "ST serial EEPROM"),
	part("N25Q", ``, "854232", "Micron serial flash memory"),
	part("MX25", ``, "854232", "Macronix serial flash memory"),
	part("MX29", ``, "854232", "Macronix parallel flash memory"),
	part("MX30", ``, "854232", "Macronix NAND flash memory"),
	part("GD25", ``, "854232", "GigaDevice serial flash memory"),
	part("GD5F", ``, "854232", "GigaDevice SPI NAND flash"),
	part("SST", `(?:25|26|38|39)`, "854232", "Microchip SST flash memory"),
	part("EPCS", ``, "854232", "Intel/Altera configuration memory"),
	part("EPCQ", ``, "854232", "Intel/Altera configuration memory"),
	part("XCF", `\d`, "854232", "AMD/Xilinx configuration PROM"),
	part("TC58", ``, "854232", "Kioxia NAND flash memory"),
	part("THGB", ``, "854232", "Kioxia eMMC memory"),
	part("AS4C", ``, "854232", "Alliance Memory DRAM"),
	part("AS6C", ``, "854232", "Alliance Memory SRAM"),
	part("IDT71", ``, "854232", "Renesas (IDT) SRAM"),

	// GNSS receivers: 8526.91.
	part("NEO-", `(?:\d|M\d)`, "852691", "u-blox NEO GNSS module"),
	part("NEO", `(?:6M|7M|M8|M9)`, "852691", "u-blox NEO GNSS module"),
	part("ZED-", `F9`, "852691", "u-blox ZED-F9 RTK GNSS module"),
	part("MAX-", `(?:M\d|\d)`, "852691", "u-blox MAX GNSS module"),
	part("LEA-", `(?:M\d|\d)`, "852691", "u-blox LEA GNSS module"),
	part("SAM-M", `\d`, "852691", "u-blox SAM GNSS module"),
	part("ZOE-M", `\d`, "852691", "u-blox ZOE GNSS module"),
	part("NEO-F", `\d`, "852691", "u-blox NEO GNSS module"),
	part("LC", `(?:29|76|79|86)[A-Z]`, "852691", "Quectel GNSS module"),
	part("L", `(?:26|76|80|86|96)(?:-[A-Z]|[A-Z]|$)`, "852691", "Quectel GNSS module"),
	part("BN-", `[1-9]\d{2}`, "852691", "Beitian GNSS module"),
	part("UM", `(?:98\d|96\d|4B0|62\d|22\d)`, "852691", "Unicore GNSS module"),
	part("UB4B", ``, "852691", "Unicore GNSS board"),
	part("ATGM", `\d`, "852691", "Zhongke Microelectronics BeiDou/GPS module"),
	part("OEM", `[67]\d*`, "852691", "NovAtel GNSS receiver"),
	part("MOSAIC", ``, "852691", "Septentrio GNSS module"),
	part("BD9", `[0-9]{2}`, "852691", "Trimble GNSS module"),

	// Radio and network modules and equipment: 8517.62.
	part("SIM", `[5789]\d{2}`, "851762", "SIMCom cellular module"),
	part("EC2", `[015]`, "851762", "Quectel LTE module"),
	part("EG", `[29][15]`, "851762", "Quectel LTE module"),
	part("BG9", `[56]`, "851762", "Quectel LTE-M module"),
	part("RM5", `[02]\d`, "851762", "Quectel 5G module"),
	part("ESP32-WRO", ``, "851762", "Espressif Wi-Fi module"),
	part("ESP32-S3-WRO", ``, "851762", "Espressif Wi-Fi module"),
	part("ESP-", `\d{2}`, "851762", "Espressif Wi-Fi module"),
	part("XBEE", ``, "851762", "Digi XBee radio module"),
	part("RFD9", `\d{2}`, "851762", "RFDesign telemetry radio"),
	part("RFM9", `\d`, "851762", "HopeRF LoRa module"),
	part("E22-", ``, "851762", "Ebyte LoRa module"),
	part("E32-", ``, "851762", "Ebyte LoRa module"),
	part("SARA-", ``, "851762", "u-blox cellular module"),
	part("LARA-", ``, "851762", "u-blox cellular module"),
	part("NINA-", ``, "851762", "u-blox Wi-Fi/Bluetooth module"),
	part("WS-C", `\d`, "851762", "Cisco Catalyst switch"),
	part("ISR", `\d{4}`, "851762", "Cisco router"),
	part("C9", `[2-5]00`, "851762", "Cisco Catalyst switch"),
	part("EDS-", `\d`, "851762", "Moxa Ethernet switch"),
	part("RB", `\d{3,4}`, "851762", "MikroTik router"),
	part("CRS3", `\d`, "851762", "MikroTik switch"),
	part("S57", `\d{2}`, "851762", "Huawei switch"),
	part("S67", `\d{2}`, "851762", "Huawei switch"),
	part("EX", `[234]\d{3}`, "851762", "Juniper switch"),
	part("SRX", `\d{3}`, "851762", "Juniper firewall"),

	// Transistors: 8541.29 (1 W or more), 8541.21 (small-signal).
	part("IRF", `[A-Z]{0,2}\d`, "854129", "Infineon (IR) power MOSFET"),
	part("IRL", `[A-Z]{0,2}\d`, "854129", "Infineon (IR) logic-level power MOSFET"),
	part("IRG", `[A-Z0-9]`, "854129", "Infineon (IR) IGBT"),
	part("IP", `[ABDPWAT]\d{3}`, "854129", "Infineon power MOSFET"),
	part("BSC", `\d{3}`, "854129", "Infineon power MOSFET"),
	part("BSZ", `\d{3}`, "854129", "Infineon power MOSFET"),
	part("ST", `[PWBDF]\d{1,3}N`, "854129", "ST power MOSFET"),
	part("FQ", `[PADB]\d`, "854129", "onsemi power MOSFET"),
	part("FD", `[PDS]\d{3}`, "854129", "onsemi power MOSFET"),
	part("NT", `[DB]\d`, "854129", "onsemi power MOSFET"),
	part("IXF", `[A-Z]`, "854129", "IXYS power MOSFET"),
	part("IK", `[WPQ]\d`, "854129", "Infineon IGBT"),
	part("FG", `[AHL]\d`, "854129", "onsemi IGBT"),
	part("C3M", `\d`, "854129", "Wolfspeed SiC MOSFET"),
	part("C2M", `\d`, "854129", "Wolfspeed SiC MOSFET"),
	part("SCT", `\d`, "854129", "SiC MOSFET"),
	part("AO", `[DNT34]\d{3}`, "854129", "Alpha & Omega MOSFET"),
	part("CGH", `\d`, "854129", "Wolfspeed GaN HEMT"),
	part("TIP", `\d{2,3}`, "854129", "power transistor"),
	part("MJ", `[ED]\d`, "854129", "power transistor"),
	part("BD", `[1246]\d{2}`, "854129", "power transistor"),
	part("2N3055", ``, "854129", "power transistor"),
	part("2N", `\d{4}`, "854121", "small-signal transistor"),
	part("BC", `\d{3}`, "854121", "small-signal transistor"),
	part("BSS", `\d`, "854121", "small-signal MOSFET"),
	part("MMBT", `\d`, "854121", "small-signal transistor"),
	part("MMBF", `\d`, "854121", "small-signal JFET"),
	part("PMV", `\d`, "854121", "small-signal MOSFET"),
	part("SI23", `\d{2}`, "854121", "small-signal MOSFET"),
	part("S80", `50`, "854121", "small-signal transistor"),
	part("S90", `1[2-5]`, "854121", "small-signal transistor"),
	part("BF", `[RPU]\d`, "854121", "RF small-signal transistor"),

	// Thyristors and triacs: 8541.30.
	part("BT1", `\d{2}`, "854130", "thyristor/triac"),
	part("BTA", `\d`, "854130", "triac"),
	part("BTB", `\d`, "854130", "triac"),
	part("TYN", `\d`, "854130", "thyristor"),
	part("MCR", `\d`, "854130", "thyristor"),

	// Diodes: 8541.10.
	part("1N", `\d{3,4}`, "854110", "diode"),
	part("BAT", `\d`, "854110", "Schottky diode"),
	part("BAV", `\d`, "854110", "switching diode"),
	part("BAS", `\d`, "854110", "switching diode"),
	part("BZX", `\d`, "854110", "Zener diode"),
	part("BZT", `\d`, "854110", "Zener diode"),
	part("MMSZ", `\d`, "854110", "Zener diode"),
	part("SS", `(?:[1-5][0-9]|[1-3]10)[A-Z]{0,2}$`, "854110", "Schottky diode"),
	part("SMBJ", ``, "854110", "TVS diode"),
	part("SMAJ", ``, "854110", "TVS diode"),
	part("SMCJ", ``, "854110", "TVS diode"),
	part("P6KE", ``, "854110", "TVS diode"),
	part("MBR", `\d`, "854110", "Schottky rectifier"),
	part("MUR", `\d`, "854110", "ultrafast rectifier"),
	part("STPS", `\d`, "854110", "ST Schottky rectifier"),
	part("UF4", `00\d`, "854110", "ultrafast rectifier"),
	part("C3D", `\d`, "854110", "Wolfspeed SiC diode"),
	part("C4D", `\d`, "854110", "Wolfspeed SiC diode"),

	// LEDs: 8541.41 (not on the CHPL).
	part("WS281", `\d`, "854141", "addressable RGB LED"),
	part("SK6812", ``, "854141", "addressable RGB LED"),

	// Photosensitive devices, optocouplers: 8541.49.
	part("PC8", `\d{2}`, "854149", "optocoupler"),
	part("EL8", `\d{2}`, "854149", "optocoupler"),
	part("TLP", `\d`, "854149", "Toshiba optocoupler"),
	part("6N13", `\d`, "854149", "optocoupler"),
	part("HCPL", `-?\d`, "854149", "Broadcom optocoupler"),
	part("ACPL", `-?\d`, "854149", "Broadcom optocoupler"),
	part("MOC3", `\d`, "854149", "optotriac coupler"),
	part("4N", `[23]\d`, "854149", "optocoupler"),
	part("LTV", `-?\d`, "854149", "Lite-On optocoupler"),
	part("BPW", `\d`, "854149", "photodiode"),

	// Mounted piezoelectric crystals: 8541.60.
	part("HC-49", ``, "854160", "quartz crystal (HC-49 package)"),
	part("NX32", `25`, "854160", "NDK quartz crystal"),
	part("ABM", `\d`, "854160", "Abracon quartz crystal"),

	// Capacitors: tantalum 8532.21, multilayer ceramic 8532.24.
	part("GRM", `\d`, "853224", "Murata multilayer ceramic capacitor"),
	part("GCM", `\d`, "853224", "Murata multilayer ceramic capacitor"),
	part("GJM", `\d`, "853224", "Murata multilayer ceramic capacitor"),
	part("CL", `\d{2}[A-Z]\d{3}`, "853224", "Samsung multilayer ceramic capacitor"),
	part("CC0", `[46]0[23]|805`, "853224", "Yageo multilayer ceramic capacitor"),
	part("CC1", `206`, "853224", "Yageo multilayer ceramic capacitor"),
	part("C0", `(?:402|603|805)[A-Z]\d{3}`, "853224", "KEMET multilayer ceramic capacitor"),
	part("C1", `(?:206|210|812)[A-Z]\d{3}`, "853224", "KEMET multilayer ceramic capacitor"),
	part("C", `(?:1005|1608|2012|3216|3225)[A-Z]`, "853224", "TDK multilayer ceramic capacitor"),
	part("CGA", `\d`, "853224", "TDK automotive multilayer ceramic capacitor"),
	part("T49", `[1-5]`, "853221", "KEMET tantalum capacitor"),
	part("T5", `[23]0`, "853221", "KEMET polymer tantalum capacitor"),
	part("TAJ", `[A-E]`, "853221", "KYOCERA AVX tantalum capacitor"),
	part("TPS", `[A-E]\d{3}`, "853221", "KYOCERA AVX tantalum capacitor"),
	part("293D", ``, "853221", "Vishay tantalum capacitor"),
	part("CA45", ``, "853221", "tantalum capacitor"),
	part("EEE-", ``, "853222", "Panasonic aluminium electrolytic capacitor"),
	part("ECA-", ``, "853222", "Panasonic aluminium electrolytic capacitor"),

	// Resistors: 8533.21 (not on the CHPL).
	part("RC0", `(?:402|603|805)`, "853321", "Yageo chip resistor"),
	part("RC1206", ``, "853321", "Yageo chip resistor"),
	part("ERJ-", ``, "853321", "Panasonic chip resistor"),
	part("CRCW", ``, "853321", "Vishay chip resistor"),

	// Connectors: 8536.69.
	part("D38999", ``, "853669", "MIL-DTL-38999 circular connector"),
	part("MIL-DTL-38999", ``, "853669", "MIL-DTL-38999 circular connector"),
	part("MS31", `0\d`, "853669", "MIL-C-5015 circular connector"),
	part("XT", `(?:30|60|90)`, "853669", "Amass XT battery connector"),

	// Test and measuring instruments (CHPL tier 4.A).
	part("DS1", `(?:0\d{2}|1[0-7]\d|2\d{2})[A-Z]?`, "903020", "Rigol oscilloscope"),
	part("DS2", `\d{3}`, "903020", "Rigol oscilloscope"),
	part("DHO", `\d{3,4}`, "903020", "Rigol oscilloscope"),
	part("MSO", `[2-8]\d`, "903020", "mixed-signal oscilloscope"),
	part("DSO", `[X\d]`, "903020", "digital storage oscilloscope"),
	part("SDS", `\d{3,4}`, "903020", "Siglent oscilloscope"),
	part("TBS", `\d{3,4}`, "903020", "Tektronix oscilloscope"),
	part("N51", `[78]\d`, "854320", "Keysight signal generator"),
	part("E44", `3\d`, "854320", "Keysight signal generator"),
	part("E82", `[56]7`, "854320", "Keysight signal generator"),
	part("SMB100", ``, "854320", "Rohde & Schwarz signal generator"),
	part("SMA100", ``, "854320", "Rohde & Schwarz signal generator"),
	part("SDG", `\d{3,4}`, "854320", "Siglent waveform generator"),
	part("DG", `[1-9]\d{2,3}`, "854320", "Rigol function generator"),

	// Bearings: 8482.
	part("6", `[0-3]\d{2}-?(?:2RS|2RSH|RS1|RS|ZZ|2Z|Z)`, "848210", "deep-groove ball bearing"),
	part("NU", `\d{3,4}`, "848250", "cylindrical roller bearing"),
	part("NJ", `\d{3,4}`, "848250", "cylindrical roller bearing"),
	part("NUP", `\d{3,4}`, "848250", "cylindrical roller bearing"),
}

// partIndex maps the first two bytes of a prefix (the first byte and 0 for
// one-byte prefixes) to the rules whose prefix starts so, longest first.
type partIndex map[[2]byte][]*partRule

func buildParts(rules []partRule) (partIndex, error) {
	idx := partIndex{}
	for i := range rules {
		r := &rules[i]
		re, err := regexp.Compile(`^(?:` + r.rest + `)`)
		if err != nil {
			return nil, err
		}
		r.re = re
		if r.concern == "" {
			r.concern = defaultConcern(r.hs)
		}
		var k [2]byte
		copy(k[:], r.prefix)
		idx[k] = append(idx[k], r)
	}
	for _, rs := range idx {
		sort.SliceStable(rs, func(i, j int) bool { return len(rs[i].prefix) > len(rs[j].prefix) })
	}
	return idx, nil
}

// match returns the rule the token matches, or nil.
func (idx partIndex) match(tok string) *partRule {
	if len(tok) < 2 {
		return nil
	}
	for _, k := range [2][2]byte{{tok[0], tok[1]}, {tok[0], 0}} {
		for _, r := range idx[k] {
			if len(tok) >= len(r.prefix) && tok[:len(r.prefix)] == r.prefix && r.re.MatchString(tok[len(r.prefix):]) {
				return r
			}
		}
	}
	return nil
}
