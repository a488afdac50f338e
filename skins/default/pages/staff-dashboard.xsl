<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- The staff area's home. -->
  <xsl:template match="content" mode="page">
    <h1>Dashboard</h1>
    <xsl:apply-templates select="cards"/>
  </xsl:template>
</xsl:stylesheet>
