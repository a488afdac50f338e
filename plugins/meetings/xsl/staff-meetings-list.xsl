<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/meetings/xsl/meetings-common.xsl"/>
  <!-- Every client's meetings: requests first, then upcoming, then past. -->
  <xsl:template match="content" mode="page">
    <h1>Meetings</h1>
    <form method="get" action="{$base}/staff/meetings" class="filter" role="search" aria-label="Meetings">
      <div class="ctl">
        <label for="f-client">Client</label>
        <select id="f-client" name="client">
        <option value="0">All clients</option>
        <xsl:for-each select="clients/client">
          <option value="{id}"><xsl:if test="id = ../../filter/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
        </xsl:for-each>
      </select>
      </div>
      <div class="ctl">
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
        <option value="">Any</option>
        <option value="requested">requested</option>
        <option value="proposed">proposed</option>
        <option value="confirmed">confirmed</option>
        <option value="held">held</option>
        <option value="declined">declined</option>
        <option value="cancelled">cancelled</option>
      </select>
      </div>
      <button type="submit">Filter</button>
    </form>
    <xsl:choose>
      <xsl:when test="meetings/meeting">
        <xsl:call-template name="mt-rows"><xsl:with-param name="list" select="meetings"/><xsl:with-param name="prefix">/staff/meetings/</xsl:with-param></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">calendar</xsl:with-param><xsl:with-param name="title">No meetings match.</xsl:with-param><xsl:with-param name="text">Try another status or client.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
