<?xml version="1.0" encoding="UTF-8"?>
<!--
  A branded skin: imports the default layout and overrides only what
  differs (its stylesheet of colours, header and footer).  Pages it does
  not ship come from the default skin, drawn with this layout.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../default/layout.xsl"/>

  <xsl:template name="head-extra">
    <link rel="stylesheet" href="{$static}/northwind/brand.css"/>
  </xsl:template>

  <xsl:template name="brand-header">
    <a class="brand" href="{$base}/">
      <span class="brand-mark" aria-hidden="true">N</span>
      <span class="brand-name"><xsl:value-of select="/atrium/brand/@name"/> client portal</span>
    </a>
  </xsl:template>

  <xsl:template name="brand-footer">
    <p>Questions? Write to your account manager. · <xsl:value-of select="/atrium/brand/@name"/></p>
  </xsl:template>
</xsl:stylesheet>
