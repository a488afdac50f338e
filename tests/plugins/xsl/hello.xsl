<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- The example plugin's page. -->
  <xsl:template match="content" mode="page">
    <h1>Hello, <xsl:value-of select="greeting"/></h1>
  </xsl:template>
</xsl:stylesheet>
